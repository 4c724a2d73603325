import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { CustomHttpPattern as _google_api_CustomHttpPattern, CustomHttpPattern__Output as _google_api_CustomHttpPattern__Output } from './google/api/CustomHttpPattern';
import type { Http as _google_api_Http, Http__Output as _google_api_Http__Output } from './google/api/Http';
import type { HttpRule as _google_api_HttpRule, HttpRule__Output as _google_api_HttpRule__Output } from './google/api/HttpRule';
import type { ResourceDescriptor as _google_api_ResourceDescriptor, ResourceDescriptor__Output as _google_api_ResourceDescriptor__Output } from './google/api/ResourceDescriptor';
import type { ResourceReference as _google_api_ResourceReference, ResourceReference__Output as _google_api_ResourceReference__Output } from './google/api/ResourceReference';
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
import type { Attachment as _nexus_v1_Attachment, Attachment__Output as _nexus_v1_Attachment__Output } from './nexus/v1/Attachment';
import type { CreateWebhookRequest as _nexus_v1_CreateWebhookRequest, CreateWebhookRequest__Output as _nexus_v1_CreateWebhookRequest__Output } from './nexus/v1/CreateWebhookRequest';
import type { DeleteWebhookRequest as _nexus_v1_DeleteWebhookRequest, DeleteWebhookRequest__Output as _nexus_v1_DeleteWebhookRequest__Output } from './nexus/v1/DeleteWebhookRequest';
import type { Delivery as _nexus_v1_Delivery, Delivery__Output as _nexus_v1_Delivery__Output } from './nexus/v1/Delivery';
import type { DeliveryAttempt as _nexus_v1_DeliveryAttempt, DeliveryAttempt__Output as _nexus_v1_DeliveryAttempt__Output } from './nexus/v1/DeliveryAttempt';
import type { GetWebhookRequest as _nexus_v1_GetWebhookRequest, GetWebhookRequest__Output as _nexus_v1_GetWebhookRequest__Output } from './nexus/v1/GetWebhookRequest';
import type { Interaction as _nexus_v1_Interaction, Interaction__Output as _nexus_v1_Interaction__Output } from './nexus/v1/Interaction';
import type { ListDeliveriesRequest as _nexus_v1_ListDeliveriesRequest, ListDeliveriesRequest__Output as _nexus_v1_ListDeliveriesRequest__Output } from './nexus/v1/ListDeliveriesRequest';
import type { ListDeliveriesResponse as _nexus_v1_ListDeliveriesResponse, ListDeliveriesResponse__Output as _nexus_v1_ListDeliveriesResponse__Output } from './nexus/v1/ListDeliveriesResponse';
import type { ListDeliveryAttemptsRequest as _nexus_v1_ListDeliveryAttemptsRequest, ListDeliveryAttemptsRequest__Output as _nexus_v1_ListDeliveryAttemptsRequest__Output } from './nexus/v1/ListDeliveryAttemptsRequest';
import type { ListDeliveryAttemptsResponse as _nexus_v1_ListDeliveryAttemptsResponse, ListDeliveryAttemptsResponse__Output as _nexus_v1_ListDeliveryAttemptsResponse__Output } from './nexus/v1/ListDeliveryAttemptsResponse';
import type { ListWebhooksRequest as _nexus_v1_ListWebhooksRequest, ListWebhooksRequest__Output as _nexus_v1_ListWebhooksRequest__Output } from './nexus/v1/ListWebhooksRequest';
import type { ListWebhooksResponse as _nexus_v1_ListWebhooksResponse, ListWebhooksResponse__Output as _nexus_v1_ListWebhooksResponse__Output } from './nexus/v1/ListWebhooksResponse';
import type { Message as _nexus_v1_Message, Message__Output as _nexus_v1_Message__Output } from './nexus/v1/Message';
import type { MessageDelivery as _nexus_v1_MessageDelivery, MessageDelivery__Output as _nexus_v1_MessageDelivery__Output } from './nexus/v1/MessageDelivery';
import type { NextTimer as _nexus_v1_NextTimer, NextTimer__Output as _nexus_v1_NextTimer__Output } from './nexus/v1/NextTimer';
import type { Participant as _nexus_v1_Participant, Participant__Output as _nexus_v1_Participant__Output } from './nexus/v1/Participant';
import type { RecoverDeliveriesRequest as _nexus_v1_RecoverDeliveriesRequest, RecoverDeliveriesRequest__Output as _nexus_v1_RecoverDeliveriesRequest__Output } from './nexus/v1/RecoverDeliveriesRequest';
import type { RecoverDeliveriesResponse as _nexus_v1_RecoverDeliveriesResponse, RecoverDeliveriesResponse__Output as _nexus_v1_RecoverDeliveriesResponse__Output } from './nexus/v1/RecoverDeliveriesResponse';
import type { RedeliverEventRequest as _nexus_v1_RedeliverEventRequest, RedeliverEventRequest__Output as _nexus_v1_RedeliverEventRequest__Output } from './nexus/v1/RedeliverEventRequest';
import type { RotateWebhookSecretRequest as _nexus_v1_RotateWebhookSecretRequest, RotateWebhookSecretRequest__Output as _nexus_v1_RotateWebhookSecretRequest__Output } from './nexus/v1/RotateWebhookSecretRequest';
import type { RotateWebhookSecretResponse as _nexus_v1_RotateWebhookSecretResponse, RotateWebhookSecretResponse__Output as _nexus_v1_RotateWebhookSecretResponse__Output } from './nexus/v1/RotateWebhookSecretResponse';
import type { TestWebhookRequest as _nexus_v1_TestWebhookRequest, TestWebhookRequest__Output as _nexus_v1_TestWebhookRequest__Output } from './nexus/v1/TestWebhookRequest';
import type { TestWebhookResponse as _nexus_v1_TestWebhookResponse, TestWebhookResponse__Output as _nexus_v1_TestWebhookResponse__Output } from './nexus/v1/TestWebhookResponse';
import type { TimerPolicy as _nexus_v1_TimerPolicy, TimerPolicy__Output as _nexus_v1_TimerPolicy__Output } from './nexus/v1/TimerPolicy';
import type { TypingIndicator as _nexus_v1_TypingIndicator, TypingIndicator__Output as _nexus_v1_TypingIndicator__Output } from './nexus/v1/TypingIndicator';
import type { UpdateWebhookRequest as _nexus_v1_UpdateWebhookRequest, UpdateWebhookRequest__Output as _nexus_v1_UpdateWebhookRequest__Output } from './nexus/v1/UpdateWebhookRequest';
import type { Webhook as _nexus_v1_Webhook, Webhook__Output as _nexus_v1_Webhook__Output } from './nexus/v1/Webhook';
import type { WebhookServiceClient as _nexus_v1_WebhookServiceClient, WebhookServiceDefinition as _nexus_v1_WebhookServiceDefinition } from './nexus/v1/WebhookService';

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
  }
  nexus: {
    v1: {
      Attachment: MessageTypeDefinition<_nexus_v1_Attachment, _nexus_v1_Attachment__Output>
      CompletionReason: EnumTypeDefinition
      CreateWebhookRequest: MessageTypeDefinition<_nexus_v1_CreateWebhookRequest, _nexus_v1_CreateWebhookRequest__Output>
      DeleteWebhookRequest: MessageTypeDefinition<_nexus_v1_DeleteWebhookRequest, _nexus_v1_DeleteWebhookRequest__Output>
      Delivery: MessageTypeDefinition<_nexus_v1_Delivery, _nexus_v1_Delivery__Output>
      DeliveryAttempt: MessageTypeDefinition<_nexus_v1_DeliveryAttempt, _nexus_v1_DeliveryAttempt__Output>
      DeliveryStatus: EnumTypeDefinition
      Direction: EnumTypeDefinition
      GetWebhookRequest: MessageTypeDefinition<_nexus_v1_GetWebhookRequest, _nexus_v1_GetWebhookRequest__Output>
      Interaction: MessageTypeDefinition<_nexus_v1_Interaction, _nexus_v1_Interaction__Output>
      ListDeliveriesRequest: MessageTypeDefinition<_nexus_v1_ListDeliveriesRequest, _nexus_v1_ListDeliveriesRequest__Output>
      ListDeliveriesResponse: MessageTypeDefinition<_nexus_v1_ListDeliveriesResponse, _nexus_v1_ListDeliveriesResponse__Output>
      ListDeliveryAttemptsRequest: MessageTypeDefinition<_nexus_v1_ListDeliveryAttemptsRequest, _nexus_v1_ListDeliveryAttemptsRequest__Output>
      ListDeliveryAttemptsResponse: MessageTypeDefinition<_nexus_v1_ListDeliveryAttemptsResponse, _nexus_v1_ListDeliveryAttemptsResponse__Output>
      ListWebhooksRequest: MessageTypeDefinition<_nexus_v1_ListWebhooksRequest, _nexus_v1_ListWebhooksRequest__Output>
      ListWebhooksResponse: MessageTypeDefinition<_nexus_v1_ListWebhooksResponse, _nexus_v1_ListWebhooksResponse__Output>
      MediaType: EnumTypeDefinition
      Message: MessageTypeDefinition<_nexus_v1_Message, _nexus_v1_Message__Output>
      MessageDelivery: MessageTypeDefinition<_nexus_v1_MessageDelivery, _nexus_v1_MessageDelivery__Output>
      MessageDeliveryState: EnumTypeDefinition
      NextTimer: MessageTypeDefinition<_nexus_v1_NextTimer, _nexus_v1_NextTimer__Output>
      Participant: MessageTypeDefinition<_nexus_v1_Participant, _nexus_v1_Participant__Output>
      ParticipantRole: EnumTypeDefinition
      ReadStatus: EnumTypeDefinition
      RecoverDeliveriesRequest: MessageTypeDefinition<_nexus_v1_RecoverDeliveriesRequest, _nexus_v1_RecoverDeliveriesRequest__Output>
      RecoverDeliveriesResponse: MessageTypeDefinition<_nexus_v1_RecoverDeliveriesResponse, _nexus_v1_RecoverDeliveriesResponse__Output>
      RedeliverEventRequest: MessageTypeDefinition<_nexus_v1_RedeliverEventRequest, _nexus_v1_RedeliverEventRequest__Output>
      RotateWebhookSecretRequest: MessageTypeDefinition<_nexus_v1_RotateWebhookSecretRequest, _nexus_v1_RotateWebhookSecretRequest__Output>
      RotateWebhookSecretResponse: MessageTypeDefinition<_nexus_v1_RotateWebhookSecretResponse, _nexus_v1_RotateWebhookSecretResponse__Output>
      State: EnumTypeDefinition
      TestWebhookRequest: MessageTypeDefinition<_nexus_v1_TestWebhookRequest, _nexus_v1_TestWebhookRequest__Output>
      TestWebhookResponse: MessageTypeDefinition<_nexus_v1_TestWebhookResponse, _nexus_v1_TestWebhookResponse__Output>
      ThirdPartyPlatform: EnumTypeDefinition
      Timer: EnumTypeDefinition
      TimerPolicy: MessageTypeDefinition<_nexus_v1_TimerPolicy, _nexus_v1_TimerPolicy__Output>
      TypingIndicator: MessageTypeDefinition<_nexus_v1_TypingIndicator, _nexus_v1_TypingIndicator__Output>
      UpdateWebhookRequest: MessageTypeDefinition<_nexus_v1_UpdateWebhookRequest, _nexus_v1_UpdateWebhookRequest__Output>
      Webhook: MessageTypeDefinition<_nexus_v1_Webhook, _nexus_v1_Webhook__Output>
      WebhookFormat: EnumTypeDefinition
      WebhookService: SubtypeConstructor<typeof grpc.Client, _nexus_v1_WebhookServiceClient> & { service: _nexus_v1_WebhookServiceDefinition }
    }
  }
}

