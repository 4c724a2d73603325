import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { CustomHttpPattern as _google_api_CustomHttpPattern, CustomHttpPattern__Output as _google_api_CustomHttpPattern__Output } from './google/api/CustomHttpPattern';
import type { Http as _google_api_Http, Http__Output as _google_api_Http__Output } from './google/api/Http';
import type { HttpRule as _google_api_HttpRule, HttpRule__Output as _google_api_HttpRule__Output } from './google/api/HttpRule';
import type { ResourceDescriptor as _google_api_ResourceDescriptor, ResourceDescriptor__Output as _google_api_ResourceDescriptor__Output } from './google/api/ResourceDescriptor';
import type { ResourceReference as _google_api_ResourceReference, ResourceReference__Output as _google_api_ResourceReference__Output } from './google/api/ResourceReference';
import type { DescriptorProto as _google_protobuf_DescriptorProto, DescriptorProto__Output as _google_protobuf_DescriptorProto__Output } from './google/protobuf/DescriptorProto';
import type { Duration as _google_protobuf_Duration, Duration__Output as _google_protobuf_Duration__Output } from './google/protobuf/Duration';
import type { EnumDescriptorProto as _google_protobuf_EnumDescriptorProto, EnumDescriptorProto__Output as _google_protobuf_EnumDescriptorProto__Output } from './google/protobuf/EnumDescriptorProto';
import type { EnumOptions as _google_protobuf_EnumOptions, EnumOptions__Output as _google_protobuf_EnumOptions__Output } from './google/protobuf/EnumOptions';
import type { EnumValueDescriptorProto as _google_protobuf_EnumValueDescriptorProto, EnumValueDescriptorProto__Output as _google_protobuf_EnumValueDescriptorProto__Output } from './google/protobuf/EnumValueDescriptorProto';
import type { EnumValueOptions as _google_protobuf_EnumValueOptions, EnumValueOptions__Output as _google_protobuf_EnumValueOptions__Output } from './google/protobuf/EnumValueOptions';
import type { ExtensionRangeOptions as _google_protobuf_ExtensionRangeOptions, ExtensionRangeOptions__Output as _google_protobuf_ExtensionRangeOptions__Output } from './google/protobuf/ExtensionRangeOptions';
import type { FeatureSet as _google_protobuf_FeatureSet, FeatureSet__Output as _google_protobuf_FeatureSet__Output } from './google/protobuf/FeatureSet';
import type { FeatureSetDefaults as _google_protobuf_FeatureSetDefaults, FeatureSetDefaults__Output as _google_protobuf_FeatureSetDefaults__Output } from './google/protobuf/FeatureSetDefaults';
import type { FieldDescriptorProto as _google_protobuf_FieldDescriptorProto, FieldDescriptorProto__Output as _google_protobuf_FieldDescriptorProto__Output } from './google/protobuf/FieldDescriptorProto';
import type { FieldOptions as _google_protobuf_FieldOptions, FieldOptions__Output as _google_protobuf_FieldOptions__Output } from './google/protobuf/FieldOptions';
import type { FileDescriptorProto as _google_protobuf_FileDescriptorProto, FileDescriptorProto__Output as _google_protobuf_FileDescriptorProto__Output } from './google/protobuf/FileDescriptorProto';
import type { FileDescriptorSet as _google_protobuf_FileDescriptorSet, FileDescriptorSet__Output as _google_protobuf_FileDescriptorSet__Output } from './google/protobuf/FileDescriptorSet';
import type { FileOptions as _google_protobuf_FileOptions, FileOptions__Output as _google_protobuf_FileOptions__Output } from './google/protobuf/FileOptions';
import type { GeneratedCodeInfo as _google_protobuf_GeneratedCodeInfo, GeneratedCodeInfo__Output as _google_protobuf_GeneratedCodeInfo__Output } from './google/protobuf/GeneratedCodeInfo';
import type { MessageOptions as _google_protobuf_MessageOptions, MessageOptions__Output as _google_protobuf_MessageOptions__Output } from './google/protobuf/MessageOptions';
import type { MethodDescriptorProto as _google_protobuf_MethodDescriptorProto, MethodDescriptorProto__Output as _google_protobuf_MethodDescriptorProto__Output } from './google/protobuf/MethodDescriptorProto';
import type { MethodOptions as _google_protobuf_MethodOptions, MethodOptions__Output as _google_protobuf_MethodOptions__Output } from './google/protobuf/MethodOptions';
import type { OneofDescriptorProto as _google_protobuf_OneofDescriptorProto, OneofDescriptorProto__Output as _google_protobuf_OneofDescriptorProto__Output } from './google/protobuf/OneofDescriptorProto';
import type { OneofOptions as _google_protobuf_OneofOptions, OneofOptions__Output as _google_protobuf_OneofOptions__Output } from './google/protobuf/OneofOptions';
import type { ServiceDescriptorProto as _google_protobuf_ServiceDescriptorProto, ServiceDescriptorProto__Output as _google_protobuf_ServiceDescriptorProto__Output } from './google/protobuf/ServiceDescriptorProto';
import type { ServiceOptions as _google_protobuf_ServiceOptions, ServiceOptions__Output as _google_protobuf_ServiceOptions__Output } from './google/protobuf/ServiceOptions';
import type { SourceCodeInfo as _google_protobuf_SourceCodeInfo, SourceCodeInfo__Output as _google_protobuf_SourceCodeInfo__Output } from './google/protobuf/SourceCodeInfo';
import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from './google/protobuf/Timestamp';
import type { UninterpretedOption as _google_protobuf_UninterpretedOption, UninterpretedOption__Output as _google_protobuf_UninterpretedOption__Output } from './google/protobuf/UninterpretedOption';
import type { AccessServiceClient as _nexus_v1_AccessServiceClient, AccessServiceDefinition as _nexus_v1_AccessServiceDefinition } from './nexus/v1/AccessService';
import type { ApiKey as _nexus_v1_ApiKey, ApiKey__Output as _nexus_v1_ApiKey__Output } from './nexus/v1/ApiKey';
import type { Attachment as _nexus_v1_Attachment, Attachment__Output as _nexus_v1_Attachment__Output } from './nexus/v1/Attachment';
import type { Caller as _nexus_v1_Caller, Caller__Output as _nexus_v1_Caller__Output } from './nexus/v1/Caller';
import type { ChatSession as _nexus_v1_ChatSession, ChatSession__Output as _nexus_v1_ChatSession__Output } from './nexus/v1/ChatSession';
import type { CreateApiKeyRequest as _nexus_v1_CreateApiKeyRequest, CreateApiKeyRequest__Output as _nexus_v1_CreateApiKeyRequest__Output } from './nexus/v1/CreateApiKeyRequest';
import type { GetApiKeyRequest as _nexus_v1_GetApiKeyRequest, GetApiKeyRequest__Output as _nexus_v1_GetApiKeyRequest__Output } from './nexus/v1/GetApiKeyRequest';
import type { GetCallerRequest as _nexus_v1_GetCallerRequest, GetCallerRequest__Output as _nexus_v1_GetCallerRequest__Output } from './nexus/v1/GetCallerRequest';
import type { Interaction as _nexus_v1_Interaction, Interaction__Output as _nexus_v1_Interaction__Output } from './nexus/v1/Interaction';
import type { ListApiKeysRequest as _nexus_v1_ListApiKeysRequest, ListApiKeysRequest__Output as _nexus_v1_ListApiKeysRequest__Output } from './nexus/v1/ListApiKeysRequest';
import type { ListApiKeysResponse as _nexus_v1_ListApiKeysResponse, ListApiKeysResponse__Output as _nexus_v1_ListApiKeysResponse__Output } from './nexus/v1/ListApiKeysResponse';
import type { Message as _nexus_v1_Message, Message__Output as _nexus_v1_Message__Output } from './nexus/v1/Message';
import type { MessageDelivery as _nexus_v1_MessageDelivery, MessageDelivery__Output as _nexus_v1_MessageDelivery__Output } from './nexus/v1/MessageDelivery';
import type { NextTimer as _nexus_v1_NextTimer, NextTimer__Output as _nexus_v1_NextTimer__Output } from './nexus/v1/NextTimer';
import type { Participant as _nexus_v1_Participant, Participant__Output as _nexus_v1_Participant__Output } from './nexus/v1/Participant';
import type { RefreshChatSessionRequest as _nexus_v1_RefreshChatSessionRequest, RefreshChatSessionRequest__Output as _nexus_v1_RefreshChatSessionRequest__Output } from './nexus/v1/RefreshChatSessionRequest';
import type { RevokeApiKeyRequest as _nexus_v1_RevokeApiKeyRequest, RevokeApiKeyRequest__Output as _nexus_v1_RevokeApiKeyRequest__Output } from './nexus/v1/RevokeApiKeyRequest';
import type { StartChatRequest as _nexus_v1_StartChatRequest, StartChatRequest__Output as _nexus_v1_StartChatRequest__Output } from './nexus/v1/StartChatRequest';
import type { TimerPolicy as _nexus_v1_TimerPolicy, TimerPolicy__Output as _nexus_v1_TimerPolicy__Output } from './nexus/v1/TimerPolicy';
import type { TypingIndicator as _nexus_v1_TypingIndicator, TypingIndicator__Output as _nexus_v1_TypingIndicator__Output } from './nexus/v1/TypingIndicator';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  google: {
    api: {
      CustomHttpPattern: MessageTypeDefinition<_google_api_CustomHttpPattern, _google_api_CustomHttpPattern__Output>
      FieldBehavior: EnumTypeDefinition
      Http: MessageTypeDefinition<_google_api_Http, _google_api_Http__Output>
      HttpRule: MessageTypeDefinition<_google_api_HttpRule, _google_api_HttpRule__Output>
      ResourceDescriptor: MessageTypeDefinition<_google_api_ResourceDescriptor, _google_api_ResourceDescriptor__Output>
      ResourceReference: MessageTypeDefinition<_google_api_ResourceReference, _google_api_ResourceReference__Output>
    }
    protobuf: {
      DescriptorProto: MessageTypeDefinition<_google_protobuf_DescriptorProto, _google_protobuf_DescriptorProto__Output>
      Duration: MessageTypeDefinition<_google_protobuf_Duration, _google_protobuf_Duration__Output>
      Edition: EnumTypeDefinition
      EnumDescriptorProto: MessageTypeDefinition<_google_protobuf_EnumDescriptorProto, _google_protobuf_EnumDescriptorProto__Output>
      EnumOptions: MessageTypeDefinition<_google_protobuf_EnumOptions, _google_protobuf_EnumOptions__Output>
      EnumValueDescriptorProto: MessageTypeDefinition<_google_protobuf_EnumValueDescriptorProto, _google_protobuf_EnumValueDescriptorProto__Output>
      EnumValueOptions: MessageTypeDefinition<_google_protobuf_EnumValueOptions, _google_protobuf_EnumValueOptions__Output>
      ExtensionRangeOptions: MessageTypeDefinition<_google_protobuf_ExtensionRangeOptions, _google_protobuf_ExtensionRangeOptions__Output>
      FeatureSet: MessageTypeDefinition<_google_protobuf_FeatureSet, _google_protobuf_FeatureSet__Output>
      FeatureSetDefaults: MessageTypeDefinition<_google_protobuf_FeatureSetDefaults, _google_protobuf_FeatureSetDefaults__Output>
      FieldDescriptorProto: MessageTypeDefinition<_google_protobuf_FieldDescriptorProto, _google_protobuf_FieldDescriptorProto__Output>
      FieldOptions: MessageTypeDefinition<_google_protobuf_FieldOptions, _google_protobuf_FieldOptions__Output>
      FileDescriptorProto: MessageTypeDefinition<_google_protobuf_FileDescriptorProto, _google_protobuf_FileDescriptorProto__Output>
      FileDescriptorSet: MessageTypeDefinition<_google_protobuf_FileDescriptorSet, _google_protobuf_FileDescriptorSet__Output>
      FileOptions: MessageTypeDefinition<_google_protobuf_FileOptions, _google_protobuf_FileOptions__Output>
      GeneratedCodeInfo: MessageTypeDefinition<_google_protobuf_GeneratedCodeInfo, _google_protobuf_GeneratedCodeInfo__Output>
      MessageOptions: MessageTypeDefinition<_google_protobuf_MessageOptions, _google_protobuf_MessageOptions__Output>
      MethodDescriptorProto: MessageTypeDefinition<_google_protobuf_MethodDescriptorProto, _google_protobuf_MethodDescriptorProto__Output>
      MethodOptions: MessageTypeDefinition<_google_protobuf_MethodOptions, _google_protobuf_MethodOptions__Output>
      OneofDescriptorProto: MessageTypeDefinition<_google_protobuf_OneofDescriptorProto, _google_protobuf_OneofDescriptorProto__Output>
      OneofOptions: MessageTypeDefinition<_google_protobuf_OneofOptions, _google_protobuf_OneofOptions__Output>
      ServiceDescriptorProto: MessageTypeDefinition<_google_protobuf_ServiceDescriptorProto, _google_protobuf_ServiceDescriptorProto__Output>
      ServiceOptions: MessageTypeDefinition<_google_protobuf_ServiceOptions, _google_protobuf_ServiceOptions__Output>
      SourceCodeInfo: MessageTypeDefinition<_google_protobuf_SourceCodeInfo, _google_protobuf_SourceCodeInfo__Output>
      SymbolVisibility: EnumTypeDefinition
      Timestamp: MessageTypeDefinition<_google_protobuf_Timestamp, _google_protobuf_Timestamp__Output>
      UninterpretedOption: MessageTypeDefinition<_google_protobuf_UninterpretedOption, _google_protobuf_UninterpretedOption__Output>
    }
  }
  nexus: {
    v1: {
      AccessService: SubtypeConstructor<typeof grpc.Client, _nexus_v1_AccessServiceClient> & { service: _nexus_v1_AccessServiceDefinition }
      ApiKey: MessageTypeDefinition<_nexus_v1_ApiKey, _nexus_v1_ApiKey__Output>
      ApiKeyRole: EnumTypeDefinition
      Attachment: MessageTypeDefinition<_nexus_v1_Attachment, _nexus_v1_Attachment__Output>
      Caller: MessageTypeDefinition<_nexus_v1_Caller, _nexus_v1_Caller__Output>
      ChatSession: MessageTypeDefinition<_nexus_v1_ChatSession, _nexus_v1_ChatSession__Output>
      CompletionReason: EnumTypeDefinition
      CreateApiKeyRequest: MessageTypeDefinition<_nexus_v1_CreateApiKeyRequest, _nexus_v1_CreateApiKeyRequest__Output>
      Direction: EnumTypeDefinition
      GetApiKeyRequest: MessageTypeDefinition<_nexus_v1_GetApiKeyRequest, _nexus_v1_GetApiKeyRequest__Output>
      GetCallerRequest: MessageTypeDefinition<_nexus_v1_GetCallerRequest, _nexus_v1_GetCallerRequest__Output>
      Interaction: MessageTypeDefinition<_nexus_v1_Interaction, _nexus_v1_Interaction__Output>
      ListApiKeysRequest: MessageTypeDefinition<_nexus_v1_ListApiKeysRequest, _nexus_v1_ListApiKeysRequest__Output>
      ListApiKeysResponse: MessageTypeDefinition<_nexus_v1_ListApiKeysResponse, _nexus_v1_ListApiKeysResponse__Output>
      MediaType: EnumTypeDefinition
      Message: MessageTypeDefinition<_nexus_v1_Message, _nexus_v1_Message__Output>
      MessageDelivery: MessageTypeDefinition<_nexus_v1_MessageDelivery, _nexus_v1_MessageDelivery__Output>
      MessageDeliveryState: EnumTypeDefinition
      NextTimer: MessageTypeDefinition<_nexus_v1_NextTimer, _nexus_v1_NextTimer__Output>
      Participant: MessageTypeDefinition<_nexus_v1_Participant, _nexus_v1_Participant__Output>
      ParticipantRole: EnumTypeDefinition
      ReadStatus: EnumTypeDefinition
      RefreshChatSessionRequest: MessageTypeDefinition<_nexus_v1_RefreshChatSessionRequest, _nexus_v1_RefreshChatSessionRequest__Output>
      RevokeApiKeyRequest: MessageTypeDefinition<_nexus_v1_RevokeApiKeyRequest, _nexus_v1_RevokeApiKeyRequest__Output>
      StartChatRequest: MessageTypeDefinition<_nexus_v1_StartChatRequest, _nexus_v1_StartChatRequest__Output>
      State: EnumTypeDefinition
      ThirdPartyPlatform: EnumTypeDefinition
      Timer: EnumTypeDefinition
      TimerPolicy: MessageTypeDefinition<_nexus_v1_TimerPolicy, _nexus_v1_TimerPolicy__Output>
      TypingIndicator: MessageTypeDefinition<_nexus_v1_TypingIndicator, _nexus_v1_TypingIndicator__Output>
    }
  }
}

