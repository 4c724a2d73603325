// Original file: ../../proto/nexus/v1/channel_service.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { Channel as _nexus_v1_Channel, Channel__Output as _nexus_v1_Channel__Output } from '../../nexus/v1/Channel';
import type { CreateChannelRequest as _nexus_v1_CreateChannelRequest, CreateChannelRequest__Output as _nexus_v1_CreateChannelRequest__Output } from '../../nexus/v1/CreateChannelRequest';
import type { DeleteChannelRequest as _nexus_v1_DeleteChannelRequest, DeleteChannelRequest__Output as _nexus_v1_DeleteChannelRequest__Output } from '../../nexus/v1/DeleteChannelRequest';
import type { Empty as _google_protobuf_Empty, Empty__Output as _google_protobuf_Empty__Output } from '../../google/protobuf/Empty';
import type { GetChannelRequest as _nexus_v1_GetChannelRequest, GetChannelRequest__Output as _nexus_v1_GetChannelRequest__Output } from '../../nexus/v1/GetChannelRequest';
import type { HttpBody as _google_api_HttpBody, HttpBody__Output as _google_api_HttpBody__Output } from '../../google/api/HttpBody';
import type { ListChannelsRequest as _nexus_v1_ListChannelsRequest, ListChannelsRequest__Output as _nexus_v1_ListChannelsRequest__Output } from '../../nexus/v1/ListChannelsRequest';
import type { ListChannelsResponse as _nexus_v1_ListChannelsResponse, ListChannelsResponse__Output as _nexus_v1_ListChannelsResponse__Output } from '../../nexus/v1/ListChannelsResponse';
import type { ReceiveMessagesRequest as _nexus_v1_ReceiveMessagesRequest, ReceiveMessagesRequest__Output as _nexus_v1_ReceiveMessagesRequest__Output } from '../../nexus/v1/ReceiveMessagesRequest';
import type { ReceiveMessagesResponse as _nexus_v1_ReceiveMessagesResponse, ReceiveMessagesResponse__Output as _nexus_v1_ReceiveMessagesResponse__Output } from '../../nexus/v1/ReceiveMessagesResponse';
import type { ReceiveProviderRequestRequest as _nexus_v1_ReceiveProviderRequestRequest, ReceiveProviderRequestRequest__Output as _nexus_v1_ReceiveProviderRequestRequest__Output } from '../../nexus/v1/ReceiveProviderRequestRequest';
import type { ReceiveReceiptsRequest as _nexus_v1_ReceiveReceiptsRequest, ReceiveReceiptsRequest__Output as _nexus_v1_ReceiveReceiptsRequest__Output } from '../../nexus/v1/ReceiveReceiptsRequest';
import type { ReceiveReceiptsResponse as _nexus_v1_ReceiveReceiptsResponse, ReceiveReceiptsResponse__Output as _nexus_v1_ReceiveReceiptsResponse__Output } from '../../nexus/v1/ReceiveReceiptsResponse';
import type { RotateChannelSecretRequest as _nexus_v1_RotateChannelSecretRequest, RotateChannelSecretRequest__Output as _nexus_v1_RotateChannelSecretRequest__Output } from '../../nexus/v1/RotateChannelSecretRequest';
import type { RotateChannelSecretResponse as _nexus_v1_RotateChannelSecretResponse, RotateChannelSecretResponse__Output as _nexus_v1_RotateChannelSecretResponse__Output } from '../../nexus/v1/RotateChannelSecretResponse';
import type { UpdateChannelRequest as _nexus_v1_UpdateChannelRequest, UpdateChannelRequest__Output as _nexus_v1_UpdateChannelRequest__Output } from '../../nexus/v1/UpdateChannelRequest';

export interface ChannelServiceClient extends grpc.Client {
  CreateChannel(argument: _nexus_v1_CreateChannelRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_Channel__Output>): grpc.ClientUnaryCall;
  CreateChannel(argument: _nexus_v1_CreateChannelRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_nexus_v1_Channel__Output>): grpc.ClientUnaryCall;
  CreateChannel(argument: _nexus_v1_CreateChannelRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_Channel__Output>): grpc.ClientUnaryCall;
  CreateChannel(argument: _nexus_v1_CreateChannelRequest, callback: grpc.requestCallback<_nexus_v1_Channel__Output>): grpc.ClientUnaryCall;
  createChannel(argument: _nexus_v1_CreateChannelRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_Channel__Output>): grpc.ClientUnaryCall;
  createChannel(argument: _nexus_v1_CreateChannelRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_nexus_v1_Channel__Output>): grpc.ClientUnaryCall;
  createChannel(argument: _nexus_v1_CreateChannelRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_Channel__Output>): grpc.ClientUnaryCall;
  createChannel(argument: _nexus_v1_CreateChannelRequest, callback: grpc.requestCallback<_nexus_v1_Channel__Output>): grpc.ClientUnaryCall;
  
  DeleteChannel(argument: _nexus_v1_DeleteChannelRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_google_protobuf_Empty__Output>): grpc.ClientUnaryCall;
  DeleteChannel(argument: _nexus_v1_DeleteChannelRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_google_protobuf_Empty__Output>): grpc.ClientUnaryCall;
  DeleteChannel(argument: _nexus_v1_DeleteChannelRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_google_protobuf_Empty__Output>): grpc.ClientUnaryCall;
  DeleteChannel(argument: _nexus_v1_DeleteChannelRequest, callback: grpc.requestCallback<_google_protobuf_Empty__Output>): grpc.ClientUnaryCall;
  deleteChannel(argument: _nexus_v1_DeleteChannelRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_google_protobuf_Empty__Output>): grpc.ClientUnaryCall;
  deleteChannel(argument: _nexus_v1_DeleteChannelRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_google_protobuf_Empty__Output>): grpc.ClientUnaryCall;
  deleteChannel(argument: _nexus_v1_DeleteChannelRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_google_protobuf_Empty__Output>): grpc.ClientUnaryCall;
  deleteChannel(argument: _nexus_v1_DeleteChannelRequest, callback: grpc.requestCallback<_google_protobuf_Empty__Output>): grpc.ClientUnaryCall;
  
  GetChannel(argument: _nexus_v1_GetChannelRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_Channel__Output>): grpc.ClientUnaryCall;
  GetChannel(argument: _nexus_v1_GetChannelRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_nexus_v1_Channel__Output>): grpc.ClientUnaryCall;
  GetChannel(argument: _nexus_v1_GetChannelRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_Channel__Output>): grpc.ClientUnaryCall;
  GetChannel(argument: _nexus_v1_GetChannelRequest, callback: grpc.requestCallback<_nexus_v1_Channel__Output>): grpc.ClientUnaryCall;
  
  ListChannels(argument: _nexus_v1_ListChannelsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_ListChannelsResponse__Output>): grpc.ClientUnaryCall;
  ListChannels(argument: _nexus_v1_ListChannelsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_nexus_v1_ListChannelsResponse__Output>): grpc.ClientUnaryCall;
  ListChannels(argument: _nexus_v1_ListChannelsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_ListChannelsResponse__Output>): grpc.ClientUnaryCall;
  ListChannels(argument: _nexus_v1_ListChannelsRequest, callback: grpc.requestCallback<_nexus_v1_ListChannelsResponse__Output>): grpc.ClientUnaryCall;
  listChannels(argument: _nexus_v1_ListChannelsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_ListChannelsResponse__Output>): grpc.ClientUnaryCall;
  listChannels(argument: _nexus_v1_ListChannelsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_nexus_v1_ListChannelsResponse__Output>): grpc.ClientUnaryCall;
  listChannels(argument: _nexus_v1_ListChannelsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_ListChannelsResponse__Output>): grpc.ClientUnaryCall;
  listChannels(argument: _nexus_v1_ListChannelsRequest, callback: grpc.requestCallback<_nexus_v1_ListChannelsResponse__Output>): grpc.ClientUnaryCall;
  
  ReceiveMessages(argument: _nexus_v1_ReceiveMessagesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_ReceiveMessagesResponse__Output>): grpc.ClientUnaryCall;
  ReceiveMessages(argument: _nexus_v1_ReceiveMessagesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_nexus_v1_ReceiveMessagesResponse__Output>): grpc.ClientUnaryCall;
  ReceiveMessages(argument: _nexus_v1_ReceiveMessagesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_ReceiveMessagesResponse__Output>): grpc.ClientUnaryCall;
  ReceiveMessages(argument: _nexus_v1_ReceiveMessagesRequest, callback: grpc.requestCallback<_nexus_v1_ReceiveMessagesResponse__Output>): grpc.ClientUnaryCall;
  receiveMessages(argument: _nexus_v1_ReceiveMessagesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_ReceiveMessagesResponse__Output>): grpc.ClientUnaryCall;
  receiveMessages(argument: _nexus_v1_ReceiveMessagesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_nexus_v1_ReceiveMessagesResponse__Output>): grpc.ClientUnaryCall;
  receiveMessages(argument: _nexus_v1_ReceiveMessagesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_ReceiveMessagesResponse__Output>): grpc.ClientUnaryCall;
  receiveMessages(argument: _nexus_v1_ReceiveMessagesRequest, callback: grpc.requestCallback<_nexus_v1_ReceiveMessagesResponse__Output>): grpc.ClientUnaryCall;
  
  ReceiveProviderRequest(argument: _nexus_v1_ReceiveProviderRequestRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_google_api_HttpBody__Output>): grpc.ClientUnaryCall;
  ReceiveProviderRequest(argument: _nexus_v1_ReceiveProviderRequestRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_google_api_HttpBody__Output>): grpc.ClientUnaryCall;
  ReceiveProviderRequest(argument: _nexus_v1_ReceiveProviderRequestRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_google_api_HttpBody__Output>): grpc.ClientUnaryCall;
  ReceiveProviderRequest(argument: _nexus_v1_ReceiveProviderRequestRequest, callback: grpc.requestCallback<_google_api_HttpBody__Output>): grpc.ClientUnaryCall;
  receiveProviderRequest(argument: _nexus_v1_ReceiveProviderRequestRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_google_api_HttpBody__Output>): grpc.ClientUnaryCall;
  receiveProviderRequest(argument: _nexus_v1_ReceiveProviderRequestRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_google_api_HttpBody__Output>): grpc.ClientUnaryCall;
  receiveProviderRequest(argument: _nexus_v1_ReceiveProviderRequestRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_google_api_HttpBody__Output>): grpc.ClientUnaryCall;
  receiveProviderRequest(argument: _nexus_v1_ReceiveProviderRequestRequest, callback: grpc.requestCallback<_google_api_HttpBody__Output>): grpc.ClientUnaryCall;
  
  ReceiveReceipts(argument: _nexus_v1_ReceiveReceiptsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_ReceiveReceiptsResponse__Output>): grpc.ClientUnaryCall;
  ReceiveReceipts(argument: _nexus_v1_ReceiveReceiptsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_nexus_v1_ReceiveReceiptsResponse__Output>): grpc.ClientUnaryCall;
  ReceiveReceipts(argument: _nexus_v1_ReceiveReceiptsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_ReceiveReceiptsResponse__Output>): grpc.ClientUnaryCall;
  ReceiveReceipts(argument: _nexus_v1_ReceiveReceiptsRequest, callback: grpc.requestCallback<_nexus_v1_ReceiveReceiptsResponse__Output>): grpc.ClientUnaryCall;
  receiveReceipts(argument: _nexus_v1_ReceiveReceiptsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_ReceiveReceiptsResponse__Output>): grpc.ClientUnaryCall;
  receiveReceipts(argument: _nexus_v1_ReceiveReceiptsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_nexus_v1_ReceiveReceiptsResponse__Output>): grpc.ClientUnaryCall;
  receiveReceipts(argument: _nexus_v1_ReceiveReceiptsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_ReceiveReceiptsResponse__Output>): grpc.ClientUnaryCall;
  receiveReceipts(argument: _nexus_v1_ReceiveReceiptsRequest, callback: grpc.requestCallback<_nexus_v1_ReceiveReceiptsResponse__Output>): grpc.ClientUnaryCall;
  
  RotateChannelSecret(argument: _nexus_v1_RotateChannelSecretRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_RotateChannelSecretResponse__Output>): grpc.ClientUnaryCall;
  RotateChannelSecret(argument: _nexus_v1_RotateChannelSecretRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_nexus_v1_RotateChannelSecretResponse__Output>): grpc.ClientUnaryCall;
  RotateChannelSecret(argument: _nexus_v1_RotateChannelSecretRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_RotateChannelSecretResponse__Output>): grpc.ClientUnaryCall;
  RotateChannelSecret(argument: _nexus_v1_RotateChannelSecretRequest, callback: grpc.requestCallback<_nexus_v1_RotateChannelSecretResponse__Output>): grpc.ClientUnaryCall;
  rotateChannelSecret(argument: _nexus_v1_RotateChannelSecretRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_RotateChannelSecretResponse__Output>): grpc.ClientUnaryCall;
  rotateChannelSecret(argument: _nexus_v1_RotateChannelSecretRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_nexus_v1_RotateChannelSecretResponse__Output>): grpc.ClientUnaryCall;
  rotateChannelSecret(argument: _nexus_v1_RotateChannelSecretRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_RotateChannelSecretResponse__Output>): grpc.ClientUnaryCall;
  rotateChannelSecret(argument: _nexus_v1_RotateChannelSecretRequest, callback: grpc.requestCallback<_nexus_v1_RotateChannelSecretResponse__Output>): grpc.ClientUnaryCall;
  
  UpdateChannel(argument: _nexus_v1_UpdateChannelRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_Channel__Output>): grpc.ClientUnaryCall;
  UpdateChannel(argument: _nexus_v1_UpdateChannelRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_nexus_v1_Channel__Output>): grpc.ClientUnaryCall;
  UpdateChannel(argument: _nexus_v1_UpdateChannelRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_Channel__Output>): grpc.ClientUnaryCall;
  UpdateChannel(argument: _nexus_v1_UpdateChannelRequest, callback: grpc.requestCallback<_nexus_v1_Channel__Output>): grpc.ClientUnaryCall;
  updateChannel(argument: _nexus_v1_UpdateChannelRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_Channel__Output>): grpc.ClientUnaryCall;
  updateChannel(argument: _nexus_v1_UpdateChannelRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_nexus_v1_Channel__Output>): grpc.ClientUnaryCall;
  updateChannel(argument: _nexus_v1_UpdateChannelRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_Channel__Output>): grpc.ClientUnaryCall;
  updateChannel(argument: _nexus_v1_UpdateChannelRequest, callback: grpc.requestCallback<_nexus_v1_Channel__Output>): grpc.ClientUnaryCall;
  
}

export interface ChannelServiceHandlers extends grpc.UntypedServiceImplementation {
  CreateChannel: grpc.handleUnaryCall<_nexus_v1_CreateChannelRequest__Output, _nexus_v1_Channel>;
  
  DeleteChannel: grpc.handleUnaryCall<_nexus_v1_DeleteChannelRequest__Output, _google_protobuf_Empty>;
  
  GetChannel: grpc.handleUnaryCall<_nexus_v1_GetChannelRequest__Output, _nexus_v1_Channel>;
  
  ListChannels: grpc.handleUnaryCall<_nexus_v1_ListChannelsRequest__Output, _nexus_v1_ListChannelsResponse>;
  
  ReceiveMessages: grpc.handleUnaryCall<_nexus_v1_ReceiveMessagesRequest__Output, _nexus_v1_ReceiveMessagesResponse>;
  
  ReceiveProviderRequest: grpc.handleUnaryCall<_nexus_v1_ReceiveProviderRequestRequest__Output, _google_api_HttpBody>;
  
  ReceiveReceipts: grpc.handleUnaryCall<_nexus_v1_ReceiveReceiptsRequest__Output, _nexus_v1_ReceiveReceiptsResponse>;
  
  RotateChannelSecret: grpc.handleUnaryCall<_nexus_v1_RotateChannelSecretRequest__Output, _nexus_v1_RotateChannelSecretResponse>;
  
  UpdateChannel: grpc.handleUnaryCall<_nexus_v1_UpdateChannelRequest__Output, _nexus_v1_Channel>;
  
}

export interface ChannelServiceDefinition extends grpc.ServiceDefinition {
  CreateChannel: MethodDefinition<_nexus_v1_CreateChannelRequest, _nexus_v1_Channel, _nexus_v1_CreateChannelRequest__Output, _nexus_v1_Channel__Output>
  DeleteChannel: MethodDefinition<_nexus_v1_DeleteChannelRequest, _google_protobuf_Empty, _nexus_v1_DeleteChannelRequest__Output, _google_protobuf_Empty__Output>
  GetChannel: MethodDefinition<_nexus_v1_GetChannelRequest, _nexus_v1_Channel, _nexus_v1_GetChannelRequest__Output, _nexus_v1_Channel__Output>
  ListChannels: MethodDefinition<_nexus_v1_ListChannelsRequest, _nexus_v1_ListChannelsResponse, _nexus_v1_ListChannelsRequest__Output, _nexus_v1_ListChannelsResponse__Output>
  ReceiveMessages: MethodDefinition<_nexus_v1_ReceiveMessagesRequest, _nexus_v1_ReceiveMessagesResponse, _nexus_v1_ReceiveMessagesRequest__Output, _nexus_v1_ReceiveMessagesResponse__Output>
  ReceiveProviderRequest: MethodDefinition<_nexus_v1_ReceiveProviderRequestRequest, _google_api_HttpBody, _nexus_v1_ReceiveProviderRequestRequest__Output, _google_api_HttpBody__Output>
  ReceiveReceipts: MethodDefinition<_nexus_v1_ReceiveReceiptsRequest, _nexus_v1_ReceiveReceiptsResponse, _nexus_v1_ReceiveReceiptsRequest__Output, _nexus_v1_ReceiveReceiptsResponse__Output>
  RotateChannelSecret: MethodDefinition<_nexus_v1_RotateChannelSecretRequest, _nexus_v1_RotateChannelSecretResponse, _nexus_v1_RotateChannelSecretRequest__Output, _nexus_v1_RotateChannelSecretResponse__Output>
  UpdateChannel: MethodDefinition<_nexus_v1_UpdateChannelRequest, _nexus_v1_Channel, _nexus_v1_UpdateChannelRequest__Output, _nexus_v1_Channel__Output>
}
