// Original file: ../../proto/nexus/v1/webhook_service.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { CreateWebhookRequest as _nexus_v1_CreateWebhookRequest, CreateWebhookRequest__Output as _nexus_v1_CreateWebhookRequest__Output } from '../../nexus/v1/CreateWebhookRequest';
import type { DeleteWebhookRequest as _nexus_v1_DeleteWebhookRequest, DeleteWebhookRequest__Output as _nexus_v1_DeleteWebhookRequest__Output } from '../../nexus/v1/DeleteWebhookRequest';
import type { Empty as _google_protobuf_Empty, Empty__Output as _google_protobuf_Empty__Output } from '../../google/protobuf/Empty';
import type { GetWebhookRequest as _nexus_v1_GetWebhookRequest, GetWebhookRequest__Output as _nexus_v1_GetWebhookRequest__Output } from '../../nexus/v1/GetWebhookRequest';
import type { ListWebhooksRequest as _nexus_v1_ListWebhooksRequest, ListWebhooksRequest__Output as _nexus_v1_ListWebhooksRequest__Output } from '../../nexus/v1/ListWebhooksRequest';
import type { ListWebhooksResponse as _nexus_v1_ListWebhooksResponse, ListWebhooksResponse__Output as _nexus_v1_ListWebhooksResponse__Output } from '../../nexus/v1/ListWebhooksResponse';
import type { RotateWebhookSecretRequest as _nexus_v1_RotateWebhookSecretRequest, RotateWebhookSecretRequest__Output as _nexus_v1_RotateWebhookSecretRequest__Output } from '../../nexus/v1/RotateWebhookSecretRequest';
import type { RotateWebhookSecretResponse as _nexus_v1_RotateWebhookSecretResponse, RotateWebhookSecretResponse__Output as _nexus_v1_RotateWebhookSecretResponse__Output } from '../../nexus/v1/RotateWebhookSecretResponse';
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
  
  ListWebhooks(argument: _nexus_v1_ListWebhooksRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_ListWebhooksResponse__Output>): grpc.ClientUnaryCall;
  ListWebhooks(argument: _nexus_v1_ListWebhooksRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_nexus_v1_ListWebhooksResponse__Output>): grpc.ClientUnaryCall;
  ListWebhooks(argument: _nexus_v1_ListWebhooksRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_ListWebhooksResponse__Output>): grpc.ClientUnaryCall;
  ListWebhooks(argument: _nexus_v1_ListWebhooksRequest, callback: grpc.requestCallback<_nexus_v1_ListWebhooksResponse__Output>): grpc.ClientUnaryCall;
  listWebhooks(argument: _nexus_v1_ListWebhooksRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_ListWebhooksResponse__Output>): grpc.ClientUnaryCall;
  listWebhooks(argument: _nexus_v1_ListWebhooksRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_nexus_v1_ListWebhooksResponse__Output>): grpc.ClientUnaryCall;
  listWebhooks(argument: _nexus_v1_ListWebhooksRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_ListWebhooksResponse__Output>): grpc.ClientUnaryCall;
  listWebhooks(argument: _nexus_v1_ListWebhooksRequest, callback: grpc.requestCallback<_nexus_v1_ListWebhooksResponse__Output>): grpc.ClientUnaryCall;
  
  RotateWebhookSecret(argument: _nexus_v1_RotateWebhookSecretRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_RotateWebhookSecretResponse__Output>): grpc.ClientUnaryCall;
  RotateWebhookSecret(argument: _nexus_v1_RotateWebhookSecretRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_nexus_v1_RotateWebhookSecretResponse__Output>): grpc.ClientUnaryCall;
  RotateWebhookSecret(argument: _nexus_v1_RotateWebhookSecretRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_RotateWebhookSecretResponse__Output>): grpc.ClientUnaryCall;
  RotateWebhookSecret(argument: _nexus_v1_RotateWebhookSecretRequest, callback: grpc.requestCallback<_nexus_v1_RotateWebhookSecretResponse__Output>): grpc.ClientUnaryCall;
  rotateWebhookSecret(argument: _nexus_v1_RotateWebhookSecretRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_RotateWebhookSecretResponse__Output>): grpc.ClientUnaryCall;
  rotateWebhookSecret(argument: _nexus_v1_RotateWebhookSecretRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_nexus_v1_RotateWebhookSecretResponse__Output>): grpc.ClientUnaryCall;
  rotateWebhookSecret(argument: _nexus_v1_RotateWebhookSecretRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_RotateWebhookSecretResponse__Output>): grpc.ClientUnaryCall;
  rotateWebhookSecret(argument: _nexus_v1_RotateWebhookSecretRequest, callback: grpc.requestCallback<_nexus_v1_RotateWebhookSecretResponse__Output>): grpc.ClientUnaryCall;
  
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
  
  ListWebhooks: grpc.handleUnaryCall<_nexus_v1_ListWebhooksRequest__Output, _nexus_v1_ListWebhooksResponse>;
  
  RotateWebhookSecret: grpc.handleUnaryCall<_nexus_v1_RotateWebhookSecretRequest__Output, _nexus_v1_RotateWebhookSecretResponse>;
  
  UpdateWebhook: grpc.handleUnaryCall<_nexus_v1_UpdateWebhookRequest__Output, _nexus_v1_Webhook>;
  
}

export interface WebhookServiceDefinition extends grpc.ServiceDefinition {
  CreateWebhook: MethodDefinition<_nexus_v1_CreateWebhookRequest, _nexus_v1_Webhook, _nexus_v1_CreateWebhookRequest__Output, _nexus_v1_Webhook__Output>
  DeleteWebhook: MethodDefinition<_nexus_v1_DeleteWebhookRequest, _google_protobuf_Empty, _nexus_v1_DeleteWebhookRequest__Output, _google_protobuf_Empty__Output>
  GetWebhook: MethodDefinition<_nexus_v1_GetWebhookRequest, _nexus_v1_Webhook, _nexus_v1_GetWebhookRequest__Output, _nexus_v1_Webhook__Output>
  ListWebhooks: MethodDefinition<_nexus_v1_ListWebhooksRequest, _nexus_v1_ListWebhooksResponse, _nexus_v1_ListWebhooksRequest__Output, _nexus_v1_ListWebhooksResponse__Output>
  RotateWebhookSecret: MethodDefinition<_nexus_v1_RotateWebhookSecretRequest, _nexus_v1_RotateWebhookSecretResponse, _nexus_v1_RotateWebhookSecretRequest__Output, _nexus_v1_RotateWebhookSecretResponse__Output>
  UpdateWebhook: MethodDefinition<_nexus_v1_UpdateWebhookRequest, _nexus_v1_Webhook, _nexus_v1_UpdateWebhookRequest__Output, _nexus_v1_Webhook__Output>
}
