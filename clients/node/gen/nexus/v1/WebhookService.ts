// Original file: ../../proto/nexus/v1/webhook_service.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { CreateWebhookRequest as _nexus_v1_CreateWebhookRequest, CreateWebhookRequest__Output as _nexus_v1_CreateWebhookRequest__Output } from '../../nexus/v1/CreateWebhookRequest';
import type { DeleteWebhookRequest as _nexus_v1_DeleteWebhookRequest, DeleteWebhookRequest__Output as _nexus_v1_DeleteWebhookRequest__Output } from '../../nexus/v1/DeleteWebhookRequest';
import type { Delivery as _nexus_v1_Delivery, Delivery__Output as _nexus_v1_Delivery__Output } from '../../nexus/v1/Delivery';
import type { Empty as _google_protobuf_Empty, Empty__Output as _google_protobuf_Empty__Output } from '../../google/protobuf/Empty';
import type { GetWebhookRequest as _nexus_v1_GetWebhookRequest, GetWebhookRequest__Output as _nexus_v1_GetWebhookRequest__Output } from '../../nexus/v1/GetWebhookRequest';
import type { ListDeliveriesRequest as _nexus_v1_ListDeliveriesRequest, ListDeliveriesRequest__Output as _nexus_v1_ListDeliveriesRequest__Output } from '../../nexus/v1/ListDeliveriesRequest';
import type { ListDeliveriesResponse as _nexus_v1_ListDeliveriesResponse, ListDeliveriesResponse__Output as _nexus_v1_ListDeliveriesResponse__Output } from '../../nexus/v1/ListDeliveriesResponse';
import type { ListDeliveryAttemptsRequest as _nexus_v1_ListDeliveryAttemptsRequest, ListDeliveryAttemptsRequest__Output as _nexus_v1_ListDeliveryAttemptsRequest__Output } from '../../nexus/v1/ListDeliveryAttemptsRequest';
import type { ListDeliveryAttemptsResponse as _nexus_v1_ListDeliveryAttemptsResponse, ListDeliveryAttemptsResponse__Output as _nexus_v1_ListDeliveryAttemptsResponse__Output } from '../../nexus/v1/ListDeliveryAttemptsResponse';
import type { ListWebhooksRequest as _nexus_v1_ListWebhooksRequest, ListWebhooksRequest__Output as _nexus_v1_ListWebhooksRequest__Output } from '../../nexus/v1/ListWebhooksRequest';
import type { ListWebhooksResponse as _nexus_v1_ListWebhooksResponse, ListWebhooksResponse__Output as _nexus_v1_ListWebhooksResponse__Output } from '../../nexus/v1/ListWebhooksResponse';
import type { RecoverDeliveriesRequest as _nexus_v1_RecoverDeliveriesRequest, RecoverDeliveriesRequest__Output as _nexus_v1_RecoverDeliveriesRequest__Output } from '../../nexus/v1/RecoverDeliveriesRequest';
import type { RecoverDeliveriesResponse as _nexus_v1_RecoverDeliveriesResponse, RecoverDeliveriesResponse__Output as _nexus_v1_RecoverDeliveriesResponse__Output } from '../../nexus/v1/RecoverDeliveriesResponse';
import type { RedeliverEventRequest as _nexus_v1_RedeliverEventRequest, RedeliverEventRequest__Output as _nexus_v1_RedeliverEventRequest__Output } from '../../nexus/v1/RedeliverEventRequest';
import type { RotateWebhookSecretRequest as _nexus_v1_RotateWebhookSecretRequest, RotateWebhookSecretRequest__Output as _nexus_v1_RotateWebhookSecretRequest__Output } from '../../nexus/v1/RotateWebhookSecretRequest';
import type { RotateWebhookSecretResponse as _nexus_v1_RotateWebhookSecretResponse, RotateWebhookSecretResponse__Output as _nexus_v1_RotateWebhookSecretResponse__Output } from '../../nexus/v1/RotateWebhookSecretResponse';
import type { TestWebhookRequest as _nexus_v1_TestWebhookRequest, TestWebhookRequest__Output as _nexus_v1_TestWebhookRequest__Output } from '../../nexus/v1/TestWebhookRequest';
import type { TestWebhookResponse as _nexus_v1_TestWebhookResponse, TestWebhookResponse__Output as _nexus_v1_TestWebhookResponse__Output } from '../../nexus/v1/TestWebhookResponse';
import type { UpdateWebhookRequest as _nexus_v1_UpdateWebhookRequest, UpdateWebhookRequest__Output as _nexus_v1_UpdateWebhookRequest__Output } from '../../nexus/v1/UpdateWebhookRequest';
import type { Webhook as _nexus_v1_Webhook, Webhook__Output as _nexus_v1_Webhook__Output } from '../../nexus/v1/Webhook';

export interface WebhookServiceClient extends grpc.Client {
  CreateWebhook(argument: _nexus_v1_CreateWebhookRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_Webhook__Output>): grpc.ClientUnaryCall;
  CreateWebhook(argument: _nexus_v1_CreateWebhookRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_nexus_v1_Webhook__Output>): grpc.ClientUnaryCall;
  CreateWebhook(argument: _nexus_v1_CreateWebhookRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_Webhook__Output>): grpc.ClientUnaryCall;
  CreateWebhook(argument: _nexus_v1_CreateWebhookRequest, callback: grpc.requestCallback<_nexus_v1_Webhook__Output>): grpc.ClientUnaryCall;
  createWebhook(argument: _nexus_v1_CreateWebhookRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_Webhook__Output>): grpc.ClientUnaryCall;
  createWebhook(argument: _nexus_v1_CreateWebhookRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_nexus_v1_Webhook__Output>): grpc.ClientUnaryCall;
  createWebhook(argument: _nexus_v1_CreateWebhookRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_Webhook__Output>): grpc.ClientUnaryCall;
  createWebhook(argument: _nexus_v1_CreateWebhookRequest, callback: grpc.requestCallback<_nexus_v1_Webhook__Output>): grpc.ClientUnaryCall;
  
  DeleteWebhook(argument: _nexus_v1_DeleteWebhookRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_google_protobuf_Empty__Output>): grpc.ClientUnaryCall;
  DeleteWebhook(argument: _nexus_v1_DeleteWebhookRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_google_protobuf_Empty__Output>): grpc.ClientUnaryCall;
  DeleteWebhook(argument: _nexus_v1_DeleteWebhookRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_google_protobuf_Empty__Output>): grpc.ClientUnaryCall;
  DeleteWebhook(argument: _nexus_v1_DeleteWebhookRequest, callback: grpc.requestCallback<_google_protobuf_Empty__Output>): grpc.ClientUnaryCall;
  deleteWebhook(argument: _nexus_v1_DeleteWebhookRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_google_protobuf_Empty__Output>): grpc.ClientUnaryCall;
  deleteWebhook(argument: _nexus_v1_DeleteWebhookRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_google_protobuf_Empty__Output>): grpc.ClientUnaryCall;
  deleteWebhook(argument: _nexus_v1_DeleteWebhookRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_google_protobuf_Empty__Output>): grpc.ClientUnaryCall;
  deleteWebhook(argument: _nexus_v1_DeleteWebhookRequest, callback: grpc.requestCallback<_google_protobuf_Empty__Output>): grpc.ClientUnaryCall;
  
  GetWebhook(argument: _nexus_v1_GetWebhookRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_Webhook__Output>): grpc.ClientUnaryCall;
  GetWebhook(argument: _nexus_v1_GetWebhookRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_nexus_v1_Webhook__Output>): grpc.ClientUnaryCall;
  GetWebhook(argument: _nexus_v1_GetWebhookRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_Webhook__Output>): grpc.ClientUnaryCall;
  GetWebhook(argument: _nexus_v1_GetWebhookRequest, callback: grpc.requestCallback<_nexus_v1_Webhook__Output>): grpc.ClientUnaryCall;
  getWebhook(argument: _nexus_v1_GetWebhookRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_Webhook__Output>): grpc.ClientUnaryCall;
  getWebhook(argument: _nexus_v1_GetWebhookRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_nexus_v1_Webhook__Output>): grpc.ClientUnaryCall;
  getWebhook(argument: _nexus_v1_GetWebhookRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_Webhook__Output>): grpc.ClientUnaryCall;
  getWebhook(argument: _nexus_v1_GetWebhookRequest, callback: grpc.requestCallback<_nexus_v1_Webhook__Output>): grpc.ClientUnaryCall;
  
  ListDeliveries(argument: _nexus_v1_ListDeliveriesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_ListDeliveriesResponse__Output>): grpc.ClientUnaryCall;
  ListDeliveries(argument: _nexus_v1_ListDeliveriesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_nexus_v1_ListDeliveriesResponse__Output>): grpc.ClientUnaryCall;
  ListDeliveries(argument: _nexus_v1_ListDeliveriesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_ListDeliveriesResponse__Output>): grpc.ClientUnaryCall;
  ListDeliveries(argument: _nexus_v1_ListDeliveriesRequest, callback: grpc.requestCallback<_nexus_v1_ListDeliveriesResponse__Output>): grpc.ClientUnaryCall;
  listDeliveries(argument: _nexus_v1_ListDeliveriesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_ListDeliveriesResponse__Output>): grpc.ClientUnaryCall;
  listDeliveries(argument: _nexus_v1_ListDeliveriesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_nexus_v1_ListDeliveriesResponse__Output>): grpc.ClientUnaryCall;
  listDeliveries(argument: _nexus_v1_ListDeliveriesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_ListDeliveriesResponse__Output>): grpc.ClientUnaryCall;
  listDeliveries(argument: _nexus_v1_ListDeliveriesRequest, callback: grpc.requestCallback<_nexus_v1_ListDeliveriesResponse__Output>): grpc.ClientUnaryCall;
  
  ListDeliveryAttempts(argument: _nexus_v1_ListDeliveryAttemptsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_ListDeliveryAttemptsResponse__Output>): grpc.ClientUnaryCall;
  ListDeliveryAttempts(argument: _nexus_v1_ListDeliveryAttemptsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_nexus_v1_ListDeliveryAttemptsResponse__Output>): grpc.ClientUnaryCall;
  ListDeliveryAttempts(argument: _nexus_v1_ListDeliveryAttemptsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_ListDeliveryAttemptsResponse__Output>): grpc.ClientUnaryCall;
  ListDeliveryAttempts(argument: _nexus_v1_ListDeliveryAttemptsRequest, callback: grpc.requestCallback<_nexus_v1_ListDeliveryAttemptsResponse__Output>): grpc.ClientUnaryCall;
  listDeliveryAttempts(argument: _nexus_v1_ListDeliveryAttemptsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_ListDeliveryAttemptsResponse__Output>): grpc.ClientUnaryCall;
  listDeliveryAttempts(argument: _nexus_v1_ListDeliveryAttemptsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_nexus_v1_ListDeliveryAttemptsResponse__Output>): grpc.ClientUnaryCall;
  listDeliveryAttempts(argument: _nexus_v1_ListDeliveryAttemptsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_ListDeliveryAttemptsResponse__Output>): grpc.ClientUnaryCall;
  listDeliveryAttempts(argument: _nexus_v1_ListDeliveryAttemptsRequest, callback: grpc.requestCallback<_nexus_v1_ListDeliveryAttemptsResponse__Output>): grpc.ClientUnaryCall;
  
  ListWebhooks(argument: _nexus_v1_ListWebhooksRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_ListWebhooksResponse__Output>): grpc.ClientUnaryCall;
  ListWebhooks(argument: _nexus_v1_ListWebhooksRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_nexus_v1_ListWebhooksResponse__Output>): grpc.ClientUnaryCall;
  ListWebhooks(argument: _nexus_v1_ListWebhooksRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_ListWebhooksResponse__Output>): grpc.ClientUnaryCall;
  ListWebhooks(argument: _nexus_v1_ListWebhooksRequest, callback: grpc.requestCallback<_nexus_v1_ListWebhooksResponse__Output>): grpc.ClientUnaryCall;
  listWebhooks(argument: _nexus_v1_ListWebhooksRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_ListWebhooksResponse__Output>): grpc.ClientUnaryCall;
  listWebhooks(argument: _nexus_v1_ListWebhooksRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_nexus_v1_ListWebhooksResponse__Output>): grpc.ClientUnaryCall;
  listWebhooks(argument: _nexus_v1_ListWebhooksRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_ListWebhooksResponse__Output>): grpc.ClientUnaryCall;
  listWebhooks(argument: _nexus_v1_ListWebhooksRequest, callback: grpc.requestCallback<_nexus_v1_ListWebhooksResponse__Output>): grpc.ClientUnaryCall;
  
  RecoverDeliveries(argument: _nexus_v1_RecoverDeliveriesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_RecoverDeliveriesResponse__Output>): grpc.ClientUnaryCall;
  RecoverDeliveries(argument: _nexus_v1_RecoverDeliveriesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_nexus_v1_RecoverDeliveriesResponse__Output>): grpc.ClientUnaryCall;
  RecoverDeliveries(argument: _nexus_v1_RecoverDeliveriesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_RecoverDeliveriesResponse__Output>): grpc.ClientUnaryCall;
  RecoverDeliveries(argument: _nexus_v1_RecoverDeliveriesRequest, callback: grpc.requestCallback<_nexus_v1_RecoverDeliveriesResponse__Output>): grpc.ClientUnaryCall;
  recoverDeliveries(argument: _nexus_v1_RecoverDeliveriesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_RecoverDeliveriesResponse__Output>): grpc.ClientUnaryCall;
  recoverDeliveries(argument: _nexus_v1_RecoverDeliveriesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_nexus_v1_RecoverDeliveriesResponse__Output>): grpc.ClientUnaryCall;
  recoverDeliveries(argument: _nexus_v1_RecoverDeliveriesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_RecoverDeliveriesResponse__Output>): grpc.ClientUnaryCall;
  recoverDeliveries(argument: _nexus_v1_RecoverDeliveriesRequest, callback: grpc.requestCallback<_nexus_v1_RecoverDeliveriesResponse__Output>): grpc.ClientUnaryCall;
  
  RedeliverEvent(argument: _nexus_v1_RedeliverEventRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_Delivery__Output>): grpc.ClientUnaryCall;
  RedeliverEvent(argument: _nexus_v1_RedeliverEventRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_nexus_v1_Delivery__Output>): grpc.ClientUnaryCall;
  RedeliverEvent(argument: _nexus_v1_RedeliverEventRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_Delivery__Output>): grpc.ClientUnaryCall;
  RedeliverEvent(argument: _nexus_v1_RedeliverEventRequest, callback: grpc.requestCallback<_nexus_v1_Delivery__Output>): grpc.ClientUnaryCall;
  redeliverEvent(argument: _nexus_v1_RedeliverEventRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_Delivery__Output>): grpc.ClientUnaryCall;
  redeliverEvent(argument: _nexus_v1_RedeliverEventRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_nexus_v1_Delivery__Output>): grpc.ClientUnaryCall;
  redeliverEvent(argument: _nexus_v1_RedeliverEventRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_Delivery__Output>): grpc.ClientUnaryCall;
  redeliverEvent(argument: _nexus_v1_RedeliverEventRequest, callback: grpc.requestCallback<_nexus_v1_Delivery__Output>): grpc.ClientUnaryCall;
  
  RotateWebhookSecret(argument: _nexus_v1_RotateWebhookSecretRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_RotateWebhookSecretResponse__Output>): grpc.ClientUnaryCall;
  RotateWebhookSecret(argument: _nexus_v1_RotateWebhookSecretRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_nexus_v1_RotateWebhookSecretResponse__Output>): grpc.ClientUnaryCall;
  RotateWebhookSecret(argument: _nexus_v1_RotateWebhookSecretRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_RotateWebhookSecretResponse__Output>): grpc.ClientUnaryCall;
  RotateWebhookSecret(argument: _nexus_v1_RotateWebhookSecretRequest, callback: grpc.requestCallback<_nexus_v1_RotateWebhookSecretResponse__Output>): grpc.ClientUnaryCall;
  rotateWebhookSecret(argument: _nexus_v1_RotateWebhookSecretRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_RotateWebhookSecretResponse__Output>): grpc.ClientUnaryCall;
  rotateWebhookSecret(argument: _nexus_v1_RotateWebhookSecretRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_nexus_v1_RotateWebhookSecretResponse__Output>): grpc.ClientUnaryCall;
  rotateWebhookSecret(argument: _nexus_v1_RotateWebhookSecretRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_RotateWebhookSecretResponse__Output>): grpc.ClientUnaryCall;
  rotateWebhookSecret(argument: _nexus_v1_RotateWebhookSecretRequest, callback: grpc.requestCallback<_nexus_v1_RotateWebhookSecretResponse__Output>): grpc.ClientUnaryCall;
  
  TestWebhook(argument: _nexus_v1_TestWebhookRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_TestWebhookResponse__Output>): grpc.ClientUnaryCall;
  TestWebhook(argument: _nexus_v1_TestWebhookRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_nexus_v1_TestWebhookResponse__Output>): grpc.ClientUnaryCall;
  TestWebhook(argument: _nexus_v1_TestWebhookRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_TestWebhookResponse__Output>): grpc.ClientUnaryCall;
  TestWebhook(argument: _nexus_v1_TestWebhookRequest, callback: grpc.requestCallback<_nexus_v1_TestWebhookResponse__Output>): grpc.ClientUnaryCall;
  testWebhook(argument: _nexus_v1_TestWebhookRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_TestWebhookResponse__Output>): grpc.ClientUnaryCall;
  testWebhook(argument: _nexus_v1_TestWebhookRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_nexus_v1_TestWebhookResponse__Output>): grpc.ClientUnaryCall;
  testWebhook(argument: _nexus_v1_TestWebhookRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_TestWebhookResponse__Output>): grpc.ClientUnaryCall;
  testWebhook(argument: _nexus_v1_TestWebhookRequest, callback: grpc.requestCallback<_nexus_v1_TestWebhookResponse__Output>): grpc.ClientUnaryCall;
  
  UpdateWebhook(argument: _nexus_v1_UpdateWebhookRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_Webhook__Output>): grpc.ClientUnaryCall;
  UpdateWebhook(argument: _nexus_v1_UpdateWebhookRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_nexus_v1_Webhook__Output>): grpc.ClientUnaryCall;
  UpdateWebhook(argument: _nexus_v1_UpdateWebhookRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_Webhook__Output>): grpc.ClientUnaryCall;
  UpdateWebhook(argument: _nexus_v1_UpdateWebhookRequest, callback: grpc.requestCallback<_nexus_v1_Webhook__Output>): grpc.ClientUnaryCall;
  updateWebhook(argument: _nexus_v1_UpdateWebhookRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_Webhook__Output>): grpc.ClientUnaryCall;
  updateWebhook(argument: _nexus_v1_UpdateWebhookRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_nexus_v1_Webhook__Output>): grpc.ClientUnaryCall;
  updateWebhook(argument: _nexus_v1_UpdateWebhookRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_Webhook__Output>): grpc.ClientUnaryCall;
  updateWebhook(argument: _nexus_v1_UpdateWebhookRequest, callback: grpc.requestCallback<_nexus_v1_Webhook__Output>): grpc.ClientUnaryCall;
  
}

export interface WebhookServiceHandlers extends grpc.UntypedServiceImplementation {
  CreateWebhook: grpc.handleUnaryCall<_nexus_v1_CreateWebhookRequest__Output, _nexus_v1_Webhook>;
  
  DeleteWebhook: grpc.handleUnaryCall<_nexus_v1_DeleteWebhookRequest__Output, _google_protobuf_Empty>;
  
  GetWebhook: grpc.handleUnaryCall<_nexus_v1_GetWebhookRequest__Output, _nexus_v1_Webhook>;
  
  ListDeliveries: grpc.handleUnaryCall<_nexus_v1_ListDeliveriesRequest__Output, _nexus_v1_ListDeliveriesResponse>;
  
  ListDeliveryAttempts: grpc.handleUnaryCall<_nexus_v1_ListDeliveryAttemptsRequest__Output, _nexus_v1_ListDeliveryAttemptsResponse>;
  
  ListWebhooks: grpc.handleUnaryCall<_nexus_v1_ListWebhooksRequest__Output, _nexus_v1_ListWebhooksResponse>;
  
  RecoverDeliveries: grpc.handleUnaryCall<_nexus_v1_RecoverDeliveriesRequest__Output, _nexus_v1_RecoverDeliveriesResponse>;
  
  RedeliverEvent: grpc.handleUnaryCall<_nexus_v1_RedeliverEventRequest__Output, _nexus_v1_Delivery>;
  
  RotateWebhookSecret: grpc.handleUnaryCall<_nexus_v1_RotateWebhookSecretRequest__Output, _nexus_v1_RotateWebhookSecretResponse>;
  
  TestWebhook: grpc.handleUnaryCall<_nexus_v1_TestWebhookRequest__Output, _nexus_v1_TestWebhookResponse>;
  
  UpdateWebhook: grpc.handleUnaryCall<_nexus_v1_UpdateWebhookRequest__Output, _nexus_v1_Webhook>;
  
}

export interface WebhookServiceDefinition extends grpc.ServiceDefinition {
  CreateWebhook: MethodDefinition<_nexus_v1_CreateWebhookRequest, _nexus_v1_Webhook, _nexus_v1_CreateWebhookRequest__Output, _nexus_v1_Webhook__Output>
  DeleteWebhook: MethodDefinition<_nexus_v1_DeleteWebhookRequest, _google_protobuf_Empty, _nexus_v1_DeleteWebhookRequest__Output, _google_protobuf_Empty__Output>
  GetWebhook: MethodDefinition<_nexus_v1_GetWebhookRequest, _nexus_v1_Webhook, _nexus_v1_GetWebhookRequest__Output, _nexus_v1_Webhook__Output>
  ListDeliveries: MethodDefinition<_nexus_v1_ListDeliveriesRequest, _nexus_v1_ListDeliveriesResponse, _nexus_v1_ListDeliveriesRequest__Output, _nexus_v1_ListDeliveriesResponse__Output>
  ListDeliveryAttempts: MethodDefinition<_nexus_v1_ListDeliveryAttemptsRequest, _nexus_v1_ListDeliveryAttemptsResponse, _nexus_v1_ListDeliveryAttemptsRequest__Output, _nexus_v1_ListDeliveryAttemptsResponse__Output>
  ListWebhooks: MethodDefinition<_nexus_v1_ListWebhooksRequest, _nexus_v1_ListWebhooksResponse, _nexus_v1_ListWebhooksRequest__Output, _nexus_v1_ListWebhooksResponse__Output>
  RecoverDeliveries: MethodDefinition<_nexus_v1_RecoverDeliveriesRequest, _nexus_v1_RecoverDeliveriesResponse, _nexus_v1_RecoverDeliveriesRequest__Output, _nexus_v1_RecoverDeliveriesResponse__Output>
  RedeliverEvent: MethodDefinition<_nexus_v1_RedeliverEventRequest, _nexus_v1_Delivery, _nexus_v1_RedeliverEventRequest__Output, _nexus_v1_Delivery__Output>
  RotateWebhookSecret: MethodDefinition<_nexus_v1_RotateWebhookSecretRequest, _nexus_v1_RotateWebhookSecretResponse, _nexus_v1_RotateWebhookSecretRequest__Output, _nexus_v1_RotateWebhookSecretResponse__Output>
  TestWebhook: MethodDefinition<_nexus_v1_TestWebhookRequest, _nexus_v1_TestWebhookResponse, _nexus_v1_TestWebhookRequest__Output, _nexus_v1_TestWebhookResponse__Output>
  UpdateWebhook: MethodDefinition<_nexus_v1_UpdateWebhookRequest, _nexus_v1_Webhook, _nexus_v1_UpdateWebhookRequest__Output, _nexus_v1_Webhook__Output>
}
