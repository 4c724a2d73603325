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
import type { AcceptInteractionRequest as _nexus_v1_AcceptInteractionRequest, AcceptInteractionRequest__Output as _nexus_v1_AcceptInteractionRequest__Output } from './nexus/v1/AcceptInteractionRequest';
import type { AddParticipantRequest as _nexus_v1_AddParticipantRequest, AddParticipantRequest__Output as _nexus_v1_AddParticipantRequest__Output } from './nexus/v1/AddParticipantRequest';
import type { Attachment as _nexus_v1_Attachment, Attachment__Output as _nexus_v1_Attachment__Output } from './nexus/v1/Attachment';
import type { AutomateInteractionRequest as _nexus_v1_AutomateInteractionRequest, AutomateInteractionRequest__Output as _nexus_v1_AutomateInteractionRequest__Output } from './nexus/v1/AutomateInteractionRequest';
import type { CompleteInteractionRequest as _nexus_v1_CompleteInteractionRequest, CompleteInteractionRequest__Output as _nexus_v1_CompleteInteractionRequest__Output } from './nexus/v1/CompleteInteractionRequest';
import type { CreateInteractionRequest as _nexus_v1_CreateInteractionRequest, CreateInteractionRequest__Output as _nexus_v1_CreateInteractionRequest__Output } from './nexus/v1/CreateInteractionRequest';
import type { DeclineInteractionRequest as _nexus_v1_DeclineInteractionRequest, DeclineInteractionRequest__Output as _nexus_v1_DeclineInteractionRequest__Output } from './nexus/v1/DeclineInteractionRequest';
import type { GetInteractionRequest as _nexus_v1_GetInteractionRequest, GetInteractionRequest__Output as _nexus_v1_GetInteractionRequest__Output } from './nexus/v1/GetInteractionRequest';
import type { GetMessageRequest as _nexus_v1_GetMessageRequest, GetMessageRequest__Output as _nexus_v1_GetMessageRequest__Output } from './nexus/v1/GetMessageRequest';
import type { GetStateModelRequest as _nexus_v1_GetStateModelRequest, GetStateModelRequest__Output as _nexus_v1_GetStateModelRequest__Output } from './nexus/v1/GetStateModelRequest';
import type { GetTimerPolicyRequest as _nexus_v1_GetTimerPolicyRequest, GetTimerPolicyRequest__Output as _nexus_v1_GetTimerPolicyRequest__Output } from './nexus/v1/GetTimerPolicyRequest';
import type { Interaction as _nexus_v1_Interaction, Interaction__Output as _nexus_v1_Interaction__Output } from './nexus/v1/Interaction';
import type { InteractionServiceClient as _nexus_v1_InteractionServiceClient, InteractionServiceDefinition as _nexus_v1_InteractionServiceDefinition } from './nexus/v1/InteractionService';
import type { ListInteractionsRequest as _nexus_v1_ListInteractionsRequest, ListInteractionsRequest__Output as _nexus_v1_ListInteractionsRequest__Output } from './nexus/v1/ListInteractionsRequest';
import type { ListInteractionsResponse as _nexus_v1_ListInteractionsResponse, ListInteractionsResponse__Output as _nexus_v1_ListInteractionsResponse__Output } from './nexus/v1/ListInteractionsResponse';
import type { ListMessagesRequest as _nexus_v1_ListMessagesRequest, ListMessagesRequest__Output as _nexus_v1_ListMessagesRequest__Output } from './nexus/v1/ListMessagesRequest';
import type { ListMessagesResponse as _nexus_v1_ListMessagesResponse, ListMessagesResponse__Output as _nexus_v1_ListMessagesResponse__Output } from './nexus/v1/ListMessagesResponse';
import type { ListParticipantsRequest as _nexus_v1_ListParticipantsRequest, ListParticipantsRequest__Output as _nexus_v1_ListParticipantsRequest__Output } from './nexus/v1/ListParticipantsRequest';
import type { ListParticipantsResponse as _nexus_v1_ListParticipantsResponse, ListParticipantsResponse__Output as _nexus_v1_ListParticipantsResponse__Output } from './nexus/v1/ListParticipantsResponse';
import type { ListTimerPoliciesRequest as _nexus_v1_ListTimerPoliciesRequest, ListTimerPoliciesRequest__Output as _nexus_v1_ListTimerPoliciesRequest__Output } from './nexus/v1/ListTimerPoliciesRequest';
import type { ListTimerPoliciesResponse as _nexus_v1_ListTimerPoliciesResponse, ListTimerPoliciesResponse__Output as _nexus_v1_ListTimerPoliciesResponse__Output } from './nexus/v1/ListTimerPoliciesResponse';
import type { MarkMessageReadRequest as _nexus_v1_MarkMessageReadRequest, MarkMessageReadRequest__Output as _nexus_v1_MarkMessageReadRequest__Output } from './nexus/v1/MarkMessageReadRequest';
import type { Message as _nexus_v1_Message, Message__Output as _nexus_v1_Message__Output } from './nexus/v1/Message';
import type { MessageDelivery as _nexus_v1_MessageDelivery, MessageDelivery__Output as _nexus_v1_MessageDelivery__Output } from './nexus/v1/MessageDelivery';
import type { NextTimer as _nexus_v1_NextTimer, NextTimer__Output as _nexus_v1_NextTimer__Output } from './nexus/v1/NextTimer';
import type { OfferInteractionRequest as _nexus_v1_OfferInteractionRequest, OfferInteractionRequest__Output as _nexus_v1_OfferInteractionRequest__Output } from './nexus/v1/OfferInteractionRequest';
import type { Participant as _nexus_v1_Participant, Participant__Output as _nexus_v1_Participant__Output } from './nexus/v1/Participant';
import type { QueueInteractionRequest as _nexus_v1_QueueInteractionRequest, QueueInteractionRequest__Output as _nexus_v1_QueueInteractionRequest__Output } from './nexus/v1/QueueInteractionRequest';
import type { RemoveParticipantRequest as _nexus_v1_RemoveParticipantRequest, RemoveParticipantRequest__Output as _nexus_v1_RemoveParticipantRequest__Output } from './nexus/v1/RemoveParticipantRequest';
import type { ResumeInteractionRequest as _nexus_v1_ResumeInteractionRequest, ResumeInteractionRequest__Output as _nexus_v1_ResumeInteractionRequest__Output } from './nexus/v1/ResumeInteractionRequest';
import type { SendMessageRequest as _nexus_v1_SendMessageRequest, SendMessageRequest__Output as _nexus_v1_SendMessageRequest__Output } from './nexus/v1/SendMessageRequest';
import type { SendTypingRequest as _nexus_v1_SendTypingRequest, SendTypingRequest__Output as _nexus_v1_SendTypingRequest__Output } from './nexus/v1/SendTypingRequest';
import type { SnoozeInteractionRequest as _nexus_v1_SnoozeInteractionRequest, SnoozeInteractionRequest__Output as _nexus_v1_SnoozeInteractionRequest__Output } from './nexus/v1/SnoozeInteractionRequest';
import type { StateModel as _nexus_v1_StateModel, StateModel__Output as _nexus_v1_StateModel__Output } from './nexus/v1/StateModel';
import type { TimerDefault as _nexus_v1_TimerDefault, TimerDefault__Output as _nexus_v1_TimerDefault__Output } from './nexus/v1/TimerDefault';
import type { TimerPolicy as _nexus_v1_TimerPolicy, TimerPolicy__Output as _nexus_v1_TimerPolicy__Output } from './nexus/v1/TimerPolicy';
import type { TransferInteractionRequest as _nexus_v1_TransferInteractionRequest, TransferInteractionRequest__Output as _nexus_v1_TransferInteractionRequest__Output } from './nexus/v1/TransferInteractionRequest';
import type { Transition as _nexus_v1_Transition, Transition__Output as _nexus_v1_Transition__Output } from './nexus/v1/Transition';
import type { TypingIndicator as _nexus_v1_TypingIndicator, TypingIndicator__Output as _nexus_v1_TypingIndicator__Output } from './nexus/v1/TypingIndicator';
import type { UpdateInteractionRequest as _nexus_v1_UpdateInteractionRequest, UpdateInteractionRequest__Output as _nexus_v1_UpdateInteractionRequest__Output } from './nexus/v1/UpdateInteractionRequest';
import type { UpdateTimerPolicyRequest as _nexus_v1_UpdateTimerPolicyRequest, UpdateTimerPolicyRequest__Output as _nexus_v1_UpdateTimerPolicyRequest__Output } from './nexus/v1/UpdateTimerPolicyRequest';
import type { WaitInteractionRequest as _nexus_v1_WaitInteractionRequest, WaitInteractionRequest__Output as _nexus_v1_WaitInteractionRequest__Output } from './nexus/v1/WaitInteractionRequest';
import type { WrapUpInteractionRequest as _nexus_v1_WrapUpInteractionRequest, WrapUpInteractionRequest__Output as _nexus_v1_WrapUpInteractionRequest__Output } from './nexus/v1/WrapUpInteractionRequest';

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
  }
  nexus: {
    v1: {
      AcceptInteractionRequest: MessageTypeDefinition<_nexus_v1_AcceptInteractionRequest, _nexus_v1_AcceptInteractionRequest__Output>
      AddParticipantRequest: MessageTypeDefinition<_nexus_v1_AddParticipantRequest, _nexus_v1_AddParticipantRequest__Output>
      Attachment: MessageTypeDefinition<_nexus_v1_Attachment, _nexus_v1_Attachment__Output>
      AutomateInteractionRequest: MessageTypeDefinition<_nexus_v1_AutomateInteractionRequest, _nexus_v1_AutomateInteractionRequest__Output>
      CompleteInteractionRequest: MessageTypeDefinition<_nexus_v1_CompleteInteractionRequest, _nexus_v1_CompleteInteractionRequest__Output>
      CompletionReason: EnumTypeDefinition
      CreateInteractionRequest: MessageTypeDefinition<_nexus_v1_CreateInteractionRequest, _nexus_v1_CreateInteractionRequest__Output>
      DeclineInteractionRequest: MessageTypeDefinition<_nexus_v1_DeclineInteractionRequest, _nexus_v1_DeclineInteractionRequest__Output>
      Direction: EnumTypeDefinition
      GetInteractionRequest: MessageTypeDefinition<_nexus_v1_GetInteractionRequest, _nexus_v1_GetInteractionRequest__Output>
      GetMessageRequest: MessageTypeDefinition<_nexus_v1_GetMessageRequest, _nexus_v1_GetMessageRequest__Output>
      GetStateModelRequest: MessageTypeDefinition<_nexus_v1_GetStateModelRequest, _nexus_v1_GetStateModelRequest__Output>
      GetTimerPolicyRequest: MessageTypeDefinition<_nexus_v1_GetTimerPolicyRequest, _nexus_v1_GetTimerPolicyRequest__Output>
      Interaction: MessageTypeDefinition<_nexus_v1_Interaction, _nexus_v1_Interaction__Output>
      InteractionService: SubtypeConstructor<typeof grpc.Client, _nexus_v1_InteractionServiceClient> & { service: _nexus_v1_InteractionServiceDefinition }
      ListInteractionsRequest: MessageTypeDefinition<_nexus_v1_ListInteractionsRequest, _nexus_v1_ListInteractionsRequest__Output>
      ListInteractionsResponse: MessageTypeDefinition<_nexus_v1_ListInteractionsResponse, _nexus_v1_ListInteractionsResponse__Output>
      ListMessagesRequest: MessageTypeDefinition<_nexus_v1_ListMessagesRequest, _nexus_v1_ListMessagesRequest__Output>
      ListMessagesResponse: MessageTypeDefinition<_nexus_v1_ListMessagesResponse, _nexus_v1_ListMessagesResponse__Output>
      ListParticipantsRequest: MessageTypeDefinition<_nexus_v1_ListParticipantsRequest, _nexus_v1_ListParticipantsRequest__Output>
      ListParticipantsResponse: MessageTypeDefinition<_nexus_v1_ListParticipantsResponse, _nexus_v1_ListParticipantsResponse__Output>
      ListTimerPoliciesRequest: MessageTypeDefinition<_nexus_v1_ListTimerPoliciesRequest, _nexus_v1_ListTimerPoliciesRequest__Output>
      ListTimerPoliciesResponse: MessageTypeDefinition<_nexus_v1_ListTimerPoliciesResponse, _nexus_v1_ListTimerPoliciesResponse__Output>
      MarkMessageReadRequest: MessageTypeDefinition<_nexus_v1_MarkMessageReadRequest, _nexus_v1_MarkMessageReadRequest__Output>
      MediaType: EnumTypeDefinition
      Message: MessageTypeDefinition<_nexus_v1_Message, _nexus_v1_Message__Output>
      MessageDelivery: MessageTypeDefinition<_nexus_v1_MessageDelivery, _nexus_v1_MessageDelivery__Output>
      MessageDeliveryState: EnumTypeDefinition
      NextTimer: MessageTypeDefinition<_nexus_v1_NextTimer, _nexus_v1_NextTimer__Output>
      OfferInteractionRequest: MessageTypeDefinition<_nexus_v1_OfferInteractionRequest, _nexus_v1_OfferInteractionRequest__Output>
      Participant: MessageTypeDefinition<_nexus_v1_Participant, _nexus_v1_Participant__Output>
      ParticipantRole: EnumTypeDefinition
      QueueInteractionRequest: MessageTypeDefinition<_nexus_v1_QueueInteractionRequest, _nexus_v1_QueueInteractionRequest__Output>
      ReadStatus: EnumTypeDefinition
      RemoveParticipantRequest: MessageTypeDefinition<_nexus_v1_RemoveParticipantRequest, _nexus_v1_RemoveParticipantRequest__Output>
      ResumeInteractionRequest: MessageTypeDefinition<_nexus_v1_ResumeInteractionRequest, _nexus_v1_ResumeInteractionRequest__Output>
      SendMessageRequest: MessageTypeDefinition<_nexus_v1_SendMessageRequest, _nexus_v1_SendMessageRequest__Output>
      SendTypingRequest: MessageTypeDefinition<_nexus_v1_SendTypingRequest, _nexus_v1_SendTypingRequest__Output>
      SnoozeInteractionRequest: MessageTypeDefinition<_nexus_v1_SnoozeInteractionRequest, _nexus_v1_SnoozeInteractionRequest__Output>
      State: EnumTypeDefinition
      StateModel: MessageTypeDefinition<_nexus_v1_StateModel, _nexus_v1_StateModel__Output>
      ThirdPartyPlatform: EnumTypeDefinition
      Timer: EnumTypeDefinition
      TimerDefault: MessageTypeDefinition<_nexus_v1_TimerDefault, _nexus_v1_TimerDefault__Output>
      TimerPolicy: MessageTypeDefinition<_nexus_v1_TimerPolicy, _nexus_v1_TimerPolicy__Output>
      TransferInteractionRequest: MessageTypeDefinition<_nexus_v1_TransferInteractionRequest, _nexus_v1_TransferInteractionRequest__Output>
      Transition: MessageTypeDefinition<_nexus_v1_Transition, _nexus_v1_Transition__Output>
      TypingIndicator: MessageTypeDefinition<_nexus_v1_TypingIndicator, _nexus_v1_TypingIndicator__Output>
      UpdateInteractionRequest: MessageTypeDefinition<_nexus_v1_UpdateInteractionRequest, _nexus_v1_UpdateInteractionRequest__Output>
      UpdateTimerPolicyRequest: MessageTypeDefinition<_nexus_v1_UpdateTimerPolicyRequest, _nexus_v1_UpdateTimerPolicyRequest__Output>
      WaitInteractionRequest: MessageTypeDefinition<_nexus_v1_WaitInteractionRequest, _nexus_v1_WaitInteractionRequest__Output>
      WrapUpInteractionRequest: MessageTypeDefinition<_nexus_v1_WrapUpInteractionRequest, _nexus_v1_WrapUpInteractionRequest__Output>
    }
  }
}

