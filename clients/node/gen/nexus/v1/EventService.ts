// Original file: ../../proto/nexus/v1/event_service.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { ListEventsRequest as _nexus_v1_ListEventsRequest, ListEventsRequest__Output as _nexus_v1_ListEventsRequest__Output } from '../../nexus/v1/ListEventsRequest';
import type { ListEventsResponse as _nexus_v1_ListEventsResponse, ListEventsResponse__Output as _nexus_v1_ListEventsResponse__Output } from '../../nexus/v1/ListEventsResponse';
import type { WatchEventsRequest as _nexus_v1_WatchEventsRequest, WatchEventsRequest__Output as _nexus_v1_WatchEventsRequest__Output } from '../../nexus/v1/WatchEventsRequest';
import type { WatchEventsResponse as _nexus_v1_WatchEventsResponse, WatchEventsResponse__Output as _nexus_v1_WatchEventsResponse__Output } from '../../nexus/v1/WatchEventsResponse';

export interface EventServiceClient extends grpc.Client {
  ListEvents(argument: _nexus_v1_ListEventsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_ListEventsResponse__Output>): grpc.ClientUnaryCall;
  ListEvents(argument: _nexus_v1_ListEventsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_nexus_v1_ListEventsResponse__Output>): grpc.ClientUnaryCall;
  ListEvents(argument: _nexus_v1_ListEventsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_ListEventsResponse__Output>): grpc.ClientUnaryCall;
  ListEvents(argument: _nexus_v1_ListEventsRequest, callback: grpc.requestCallback<_nexus_v1_ListEventsResponse__Output>): grpc.ClientUnaryCall;
  listEvents(argument: _nexus_v1_ListEventsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_ListEventsResponse__Output>): grpc.ClientUnaryCall;
  listEvents(argument: _nexus_v1_ListEventsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_nexus_v1_ListEventsResponse__Output>): grpc.ClientUnaryCall;
  listEvents(argument: _nexus_v1_ListEventsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_ListEventsResponse__Output>): grpc.ClientUnaryCall;
  listEvents(argument: _nexus_v1_ListEventsRequest, callback: grpc.requestCallback<_nexus_v1_ListEventsResponse__Output>): grpc.ClientUnaryCall;
  
  WatchEvents(argument: _nexus_v1_WatchEventsRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_nexus_v1_WatchEventsResponse__Output>;
  WatchEvents(argument: _nexus_v1_WatchEventsRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_nexus_v1_WatchEventsResponse__Output>;
  watchEvents(argument: _nexus_v1_WatchEventsRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_nexus_v1_WatchEventsResponse__Output>;
  watchEvents(argument: _nexus_v1_WatchEventsRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_nexus_v1_WatchEventsResponse__Output>;
  
}

export interface EventServiceHandlers extends grpc.UntypedServiceImplementation {
  ListEvents: grpc.handleUnaryCall<_nexus_v1_ListEventsRequest__Output, _nexus_v1_ListEventsResponse>;
  
  WatchEvents: grpc.handleServerStreamingCall<_nexus_v1_WatchEventsRequest__Output, _nexus_v1_WatchEventsResponse>;
  
}

export interface EventServiceDefinition extends grpc.ServiceDefinition {
  ListEvents: MethodDefinition<_nexus_v1_ListEventsRequest, _nexus_v1_ListEventsResponse, _nexus_v1_ListEventsRequest__Output, _nexus_v1_ListEventsResponse__Output>
  WatchEvents: MethodDefinition<_nexus_v1_WatchEventsRequest, _nexus_v1_WatchEventsResponse, _nexus_v1_WatchEventsRequest__Output, _nexus_v1_WatchEventsResponse__Output>
}
