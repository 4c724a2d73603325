import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { CustomHttpPattern as _google_api_CustomHttpPattern, CustomHttpPattern__Output as _google_api_CustomHttpPattern__Output } from './google/api/CustomHttpPattern';
import type { Http as _google_api_Http, Http__Output as _google_api_Http__Output } from './google/api/Http';
import type { HttpBody as _google_api_HttpBody, HttpBody__Output as _google_api_HttpBody__Output } from './google/api/HttpBody';
import type { HttpRule as _google_api_HttpRule, HttpRule__Output as _google_api_HttpRule__Output } from './google/api/HttpRule';
import type { ResourceDescriptor as _google_api_ResourceDescriptor, ResourceDescriptor__Output as _google_api_ResourceDescriptor__Output } from './google/api/ResourceDescriptor';
import type { ResourceReference as _google_api_ResourceReference, ResourceReference__Output as _google_api_ResourceReference__Output } from './google/api/ResourceReference';
import type { Any as _google_protobuf_Any, Any__Output as _google_protobuf_Any__Output } from './google/protobuf/Any';
import type { DescriptorProto as _google_protobuf_DescriptorProto, DescriptorProto__Output as _google_protobuf_DescriptorProto__Output } from './google/protobuf/DescriptorProto';
import type { Duration as _google_protobuf_Duration, Duration__Output as _google_protobuf_Duration__Output } from './google/protobuf/Duration';
import type { Empty as _google_protobuf_Empty, Empty__Output as _google_protobuf_Empty__Output } from './google/protobuf/Empty';
import type { EnumDescriptorProto as _google_protobuf_EnumDescriptorProto, EnumDescriptorProto__Output as _google_protobuf_EnumDescriptorProto__Output } from './google/protobuf/EnumDescriptorProto';
import type { EnumOptions as _google_protobuf_EnumOptions, EnumOptions__Output as _google_protobuf_EnumOptions__Output } from './google/protobuf/EnumOptions';
import type { EnumValueDescriptorProto as _google_protobuf_EnumValueDescriptorProto, EnumValueDescriptorProto__Output as _google_protobuf_EnumValueDescriptorProto__Output } from './google/protobuf/EnumValueDescriptorProto';
import type { EnumValueOptions as _google_protobuf_EnumValueOptions, EnumValueOptions__Output as _google_protobuf_EnumValueOptions__Output } from './google/protobuf/EnumValueOptions';
import type { ExtensionRangeOptions as _google_protobuf_ExtensionRangeOptions, ExtensionRangeOptions__Output as _google_protobuf_ExtensionRangeOptions__Output } from './google/protobuf/ExtensionRangeOptions';
import type { FeatureSet as _google_protobuf_FeatureSet, FeatureSet__Output as _google_protobuf_FeatureSet__Output } from './google/protobuf/FeatureSet';
import type { FeatureSetDefaults as _google_protobuf_FeatureSetDefaults, FeatureSetDefaults__Output as _google_protobuf_FeatureSetDefaults__Output } from './google/protobuf/FeatureSetDefaults';
import type { FieldDescriptorProto as _google_protobuf_FieldDescriptorProto, FieldDescriptorProto__Output as _google_protobuf_FieldDescriptorProto__Output } from './google/protobuf/FieldDescriptorProto';
import type { FieldMask as _google_protobuf_FieldMask, FieldMask__Output as _google_protobuf_FieldMask__Output } from './google/protobuf/FieldMask';
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
import type { Status as _google_rpc_Status, Status__Output as _google_rpc_Status__Output } from './google/rpc/Status';
import type { Attachment as _nexus_v1_Attachment, Attachment__Output as _nexus_v1_Attachment__Output } from './nexus/v1/Attachment';
import type { Channel as _nexus_v1_Channel, Channel__Output as _nexus_v1_Channel__Output } from './nexus/v1/Channel';
import type { ChannelServiceClient as _nexus_v1_ChannelServiceClient, ChannelServiceDefinition as _nexus_v1_ChannelServiceDefinition } from './nexus/v1/ChannelService';
import type { CreateChannelRequest as _nexus_v1_CreateChannelRequest, CreateChannelRequest__Output as _nexus_v1_CreateChannelRequest__Output } from './nexus/v1/CreateChannelRequest';
import type { DeleteChannelRequest as _nexus_v1_DeleteChannelRequest, DeleteChannelRequest__Output as _nexus_v1_DeleteChannelRequest__Output } from './nexus/v1/DeleteChannelRequest';
import type { GetChannelRequest as _nexus_v1_GetChannelRequest, GetChannelRequest__Output as _nexus_v1_GetChannelRequest__Output } from './nexus/v1/GetChannelRequest';
import type { InboundMessage as _nexus_v1_InboundMessage, InboundMessage__Output as _nexus_v1_InboundMessage__Output } from './nexus/v1/InboundMessage';
import type { Interaction as _nexus_v1_Interaction, Interaction__Output as _nexus_v1_Interaction__Output } from './nexus/v1/Interaction';
import type { ListChannelsRequest as _nexus_v1_ListChannelsRequest, ListChannelsRequest__Output as _nexus_v1_ListChannelsRequest__Output } from './nexus/v1/ListChannelsRequest';
import type { ListChannelsResponse as _nexus_v1_ListChannelsResponse, ListChannelsResponse__Output as _nexus_v1_ListChannelsResponse__Output } from './nexus/v1/ListChannelsResponse';
import type { Message as _nexus_v1_Message, Message__Output as _nexus_v1_Message__Output } from './nexus/v1/Message';
import type { MessageDelivery as _nexus_v1_MessageDelivery, MessageDelivery__Output as _nexus_v1_MessageDelivery__Output } from './nexus/v1/MessageDelivery';
import type { NextTimer as _nexus_v1_NextTimer, NextTimer__Output as _nexus_v1_NextTimer__Output } from './nexus/v1/NextTimer';
import type { Participant as _nexus_v1_Participant, Participant__Output as _nexus_v1_Participant__Output } from './nexus/v1/Participant';
import type { ProviderSettings as _nexus_v1_ProviderSettings, ProviderSettings__Output as _nexus_v1_ProviderSettings__Output } from './nexus/v1/ProviderSettings';
import type { Receipt as _nexus_v1_Receipt, Receipt__Output as _nexus_v1_Receipt__Output } from './nexus/v1/Receipt';
import type { ReceiptResult as _nexus_v1_ReceiptResult, ReceiptResult__Output as _nexus_v1_ReceiptResult__Output } from './nexus/v1/ReceiptResult';
import type { ReceiveMessagesRequest as _nexus_v1_ReceiveMessagesRequest, ReceiveMessagesRequest__Output as _nexus_v1_ReceiveMessagesRequest__Output } from './nexus/v1/ReceiveMessagesRequest';
import type { ReceiveMessagesResponse as _nexus_v1_ReceiveMessagesResponse, ReceiveMessagesResponse__Output as _nexus_v1_ReceiveMessagesResponse__Output } from './nexus/v1/ReceiveMessagesResponse';
import type { ReceiveProviderRequestRequest as _nexus_v1_ReceiveProviderRequestRequest, ReceiveProviderRequestRequest__Output as _nexus_v1_ReceiveProviderRequestRequest__Output } from './nexus/v1/ReceiveProviderRequestRequest';
import type { ReceiveReceiptsRequest as _nexus_v1_ReceiveReceiptsRequest, ReceiveReceiptsRequest__Output as _nexus_v1_ReceiveReceiptsRequest__Output } from './nexus/v1/ReceiveReceiptsRequest';
import type { ReceiveReceiptsResponse as _nexus_v1_ReceiveReceiptsResponse, ReceiveReceiptsResponse__Output as _nexus_v1_ReceiveReceiptsResponse__Output } from './nexus/v1/ReceiveReceiptsResponse';
import type { ReceivedMessage as _nexus_v1_ReceivedMessage, ReceivedMessage__Output as _nexus_v1_ReceivedMessage__Output } from './nexus/v1/ReceivedMessage';
import type { RotateChannelSecretRequest as _nexus_v1_RotateChannelSecretRequest, RotateChannelSecretRequest__Output as _nexus_v1_RotateChannelSecretRequest__Output } from './nexus/v1/RotateChannelSecretRequest';
import type { RotateChannelSecretResponse as _nexus_v1_RotateChannelSecretResponse, RotateChannelSecretResponse__Output as _nexus_v1_RotateChannelSecretResponse__Output } from './nexus/v1/RotateChannelSecretResponse';
import type { TimerPolicy as _nexus_v1_TimerPolicy, TimerPolicy__Output as _nexus_v1_TimerPolicy__Output } from './nexus/v1/TimerPolicy';
import type { TypingIndicator as _nexus_v1_TypingIndicator, TypingIndicator__Output as _nexus_v1_TypingIndicator__Output } from './nexus/v1/TypingIndicator';
import type { UpdateChannelRequest as _nexus_v1_UpdateChannelRequest, UpdateChannelRequest__Output as _nexus_v1_UpdateChannelRequest__Output } from './nexus/v1/UpdateChannelRequest';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  google: {
    api: {
      CustomHttpPattern: MessageTypeDefinition<_google_api_CustomHttpPattern, _google_api_CustomHttpPattern__Output>
      FieldBehavior: EnumTypeDefinition
      Http: MessageTypeDefinition<_google_api_Http, _google_api_Http__Output>
      HttpBody: MessageTypeDefinition<_google_api_HttpBody, _google_api_HttpBody__Output>
      HttpRule: MessageTypeDefinition<_google_api_HttpRule, _google_api_HttpRule__Output>
      ResourceDescriptor: MessageTypeDefinition<_google_api_ResourceDescriptor, _google_api_ResourceDescriptor__Output>
      ResourceReference: MessageTypeDefinition<_google_api_ResourceReference, _google_api_ResourceReference__Output>
    }
    protobuf: {
      Any: MessageTypeDefinition<_google_protobuf_Any, _google_protobuf_Any__Output>
      DescriptorProto: MessageTypeDefinition<_google_protobuf_DescriptorProto, _google_protobuf_DescriptorProto__Output>
      Duration: MessageTypeDefinition<_google_protobuf_Duration, _google_protobuf_Duration__Output>
      Edition: EnumTypeDefinition
      Empty: MessageTypeDefinition<_google_protobuf_Empty, _google_protobuf_Empty__Output>
      EnumDescriptorProto: MessageTypeDefinition<_google_protobuf_EnumDescriptorProto, _google_protobuf_EnumDescriptorProto__Output>
      EnumOptions: MessageTypeDefinition<_google_protobuf_EnumOptions, _google_protobuf_EnumOptions__Output>
      EnumValueDescriptorProto: MessageTypeDefinition<_google_protobuf_EnumValueDescriptorProto, _google_protobuf_EnumValueDescriptorProto__Output>
      EnumValueOptions: MessageTypeDefinition<_google_protobuf_EnumValueOptions, _google_protobuf_EnumValueOptions__Output>
      ExtensionRangeOptions: MessageTypeDefinition<_google_protobuf_ExtensionRangeOptions, _google_protobuf_ExtensionRangeOptions__Output>
      FeatureSet: MessageTypeDefinition<_google_protobuf_FeatureSet, _google_protobuf_FeatureSet__Output>
      FeatureSetDefaults: MessageTypeDefinition<_google_protobuf_FeatureSetDefaults, _google_protobuf_FeatureSetDefaults__Output>
      FieldDescriptorProto: MessageTypeDefinition<_google_protobuf_FieldDescriptorProto, _google_protobuf_FieldDescriptorProto__Output>
      FieldMask: MessageTypeDefinition<_google_protobuf_FieldMask, _google_protobuf_FieldMask__Output>
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
    rpc: {
      Status: MessageTypeDefinition<_google_rpc_Status, _google_rpc_Status__Output>
    }
  }
  nexus: {
    v1: {
      Attachment: MessageTypeDefinition<_nexus_v1_Attachment, _nexus_v1_Attachment__Output>
      Channel: MessageTypeDefinition<_nexus_v1_Channel, _nexus_v1_Channel__Output>
      ChannelKind: EnumTypeDefinition
      ChannelProfile: EnumTypeDefinition
      ChannelService: SubtypeConstructor<typeof grpc.Client, _nexus_v1_ChannelServiceClient> & { service: _nexus_v1_ChannelServiceDefinition }
      CompletionReason: EnumTypeDefinition
      CreateChannelRequest: MessageTypeDefinition<_nexus_v1_CreateChannelRequest, _nexus_v1_CreateChannelRequest__Output>
      DeleteChannelRequest: MessageTypeDefinition<_nexus_v1_DeleteChannelRequest, _nexus_v1_DeleteChannelRequest__Output>
      Direction: EnumTypeDefinition
      GetChannelRequest: MessageTypeDefinition<_nexus_v1_GetChannelRequest, _nexus_v1_GetChannelRequest__Output>
      InboundMessage: MessageTypeDefinition<_nexus_v1_InboundMessage, _nexus_v1_InboundMessage__Output>
      Interaction: MessageTypeDefinition<_nexus_v1_Interaction, _nexus_v1_Interaction__Output>
      ListChannelsRequest: MessageTypeDefinition<_nexus_v1_ListChannelsRequest, _nexus_v1_ListChannelsRequest__Output>
      ListChannelsResponse: MessageTypeDefinition<_nexus_v1_ListChannelsResponse, _nexus_v1_ListChannelsResponse__Output>
      MediaType: EnumTypeDefinition
      Message: MessageTypeDefinition<_nexus_v1_Message, _nexus_v1_Message__Output>
      MessageDelivery: MessageTypeDefinition<_nexus_v1_MessageDelivery, _nexus_v1_MessageDelivery__Output>
      MessageDeliveryState: EnumTypeDefinition
      NextTimer: MessageTypeDefinition<_nexus_v1_NextTimer, _nexus_v1_NextTimer__Output>
      Participant: MessageTypeDefinition<_nexus_v1_Participant, _nexus_v1_Participant__Output>
      ParticipantRole: EnumTypeDefinition
      ProviderSettings: MessageTypeDefinition<_nexus_v1_ProviderSettings, _nexus_v1_ProviderSettings__Output>
      ReadStatus: EnumTypeDefinition
      Receipt: MessageTypeDefinition<_nexus_v1_Receipt, _nexus_v1_Receipt__Output>
      ReceiptResult: MessageTypeDefinition<_nexus_v1_ReceiptResult, _nexus_v1_ReceiptResult__Output>
      ReceiveMessagesRequest: MessageTypeDefinition<_nexus_v1_ReceiveMessagesRequest, _nexus_v1_ReceiveMessagesRequest__Output>
      ReceiveMessagesResponse: MessageTypeDefinition<_nexus_v1_ReceiveMessagesResponse, _nexus_v1_ReceiveMessagesResponse__Output>
      ReceiveProviderRequestRequest: MessageTypeDefinition<_nexus_v1_ReceiveProviderRequestRequest, _nexus_v1_ReceiveProviderRequestRequest__Output>
      ReceiveReceiptsRequest: MessageTypeDefinition<_nexus_v1_ReceiveReceiptsRequest, _nexus_v1_ReceiveReceiptsRequest__Output>
      ReceiveReceiptsResponse: MessageTypeDefinition<_nexus_v1_ReceiveReceiptsResponse, _nexus_v1_ReceiveReceiptsResponse__Output>
      ReceivedMessage: MessageTypeDefinition<_nexus_v1_ReceivedMessage, _nexus_v1_ReceivedMessage__Output>
      RotateChannelSecretRequest: MessageTypeDefinition<_nexus_v1_RotateChannelSecretRequest, _nexus_v1_RotateChannelSecretRequest__Output>
      RotateChannelSecretResponse: MessageTypeDefinition<_nexus_v1_RotateChannelSecretResponse, _nexus_v1_RotateChannelSecretResponse__Output>
      State: EnumTypeDefinition
      ThirdPartyPlatform: EnumTypeDefinition
      Timer: EnumTypeDefinition
      TimerPolicy: MessageTypeDefinition<_nexus_v1_TimerPolicy, _nexus_v1_TimerPolicy__Output>
      TypingIndicator: MessageTypeDefinition<_nexus_v1_TypingIndicator, _nexus_v1_TypingIndicator__Output>
      UpdateChannelRequest: MessageTypeDefinition<_nexus_v1_UpdateChannelRequest, _nexus_v1_UpdateChannelRequest__Output>
    }
  }
}

