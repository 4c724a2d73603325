// Original file: ../../proto/nexus/v1/access_service.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { ApiKey as _nexus_v1_ApiKey, ApiKey__Output as _nexus_v1_ApiKey__Output } from '../../nexus/v1/ApiKey';
import type { Caller as _nexus_v1_Caller, Caller__Output as _nexus_v1_Caller__Output } from '../../nexus/v1/Caller';
import type { ChatSession as _nexus_v1_ChatSession, ChatSession__Output as _nexus_v1_ChatSession__Output } from '../../nexus/v1/ChatSession';
import type { CreateApiKeyRequest as _nexus_v1_CreateApiKeyRequest, CreateApiKeyRequest__Output as _nexus_v1_CreateApiKeyRequest__Output } from '../../nexus/v1/CreateApiKeyRequest';
import type { GetApiKeyRequest as _nexus_v1_GetApiKeyRequest, GetApiKeyRequest__Output as _nexus_v1_GetApiKeyRequest__Output } from '../../nexus/v1/GetApiKeyRequest';
import type { GetCallerRequest as _nexus_v1_GetCallerRequest, GetCallerRequest__Output as _nexus_v1_GetCallerRequest__Output } from '../../nexus/v1/GetCallerRequest';
import type { ListApiKeysRequest as _nexus_v1_ListApiKeysRequest, ListApiKeysRequest__Output as _nexus_v1_ListApiKeysRequest__Output } from '../../nexus/v1/ListApiKeysRequest';
import type { ListApiKeysResponse as _nexus_v1_ListApiKeysResponse, ListApiKeysResponse__Output as _nexus_v1_ListApiKeysResponse__Output } from '../../nexus/v1/ListApiKeysResponse';
import type { RefreshChatSessionRequest as _nexus_v1_RefreshChatSessionRequest, RefreshChatSessionRequest__Output as _nexus_v1_RefreshChatSessionRequest__Output } from '../../nexus/v1/RefreshChatSessionRequest';
import type { RevokeApiKeyRequest as _nexus_v1_RevokeApiKeyRequest, RevokeApiKeyRequest__Output as _nexus_v1_RevokeApiKeyRequest__Output } from '../../nexus/v1/RevokeApiKeyRequest';
import type { StartChatRequest as _nexus_v1_StartChatRequest, StartChatRequest__Output as _nexus_v1_StartChatRequest__Output } from '../../nexus/v1/StartChatRequest';

export interface AccessServiceClient extends grpc.Client {
  CreateApiKey(argument: _nexus_v1_CreateApiKeyRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_ApiKey__Output>): grpc.ClientUnaryCall;
  CreateApiKey(argument: _nexus_v1_CreateApiKeyRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_nexus_v1_ApiKey__Output>): grpc.ClientUnaryCall;
  CreateApiKey(argument: _nexus_v1_CreateApiKeyRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_ApiKey__Output>): grpc.ClientUnaryCall;
  CreateApiKey(argument: _nexus_v1_CreateApiKeyRequest, callback: grpc.requestCallback<_nexus_v1_ApiKey__Output>): grpc.ClientUnaryCall;
  createApiKey(argument: _nexus_v1_CreateApiKeyRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_ApiKey__Output>): grpc.ClientUnaryCall;
  createApiKey(argument: _nexus_v1_CreateApiKeyRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_nexus_v1_ApiKey__Output>): grpc.ClientUnaryCall;
  createApiKey(argument: _nexus_v1_CreateApiKeyRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_ApiKey__Output>): grpc.ClientUnaryCall;
  createApiKey(argument: _nexus_v1_CreateApiKeyRequest, callback: grpc.requestCallback<_nexus_v1_ApiKey__Output>): grpc.ClientUnaryCall;
  
  GetApiKey(argument: _nexus_v1_GetApiKeyRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_ApiKey__Output>): grpc.ClientUnaryCall;
  GetApiKey(argument: _nexus_v1_GetApiKeyRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_nexus_v1_ApiKey__Output>): grpc.ClientUnaryCall;
  GetApiKey(argument: _nexus_v1_GetApiKeyRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_ApiKey__Output>): grpc.ClientUnaryCall;
  GetApiKey(argument: _nexus_v1_GetApiKeyRequest, callback: grpc.requestCallback<_nexus_v1_ApiKey__Output>): grpc.ClientUnaryCall;
  getApiKey(argument: _nexus_v1_GetApiKeyRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_ApiKey__Output>): grpc.ClientUnaryCall;
  getApiKey(argument: _nexus_v1_GetApiKeyRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_nexus_v1_ApiKey__Output>): grpc.ClientUnaryCall;
  getApiKey(argument: _nexus_v1_GetApiKeyRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_ApiKey__Output>): grpc.ClientUnaryCall;
  getApiKey(argument: _nexus_v1_GetApiKeyRequest, callback: grpc.requestCallback<_nexus_v1_ApiKey__Output>): grpc.ClientUnaryCall;
  
  GetCaller(argument: _nexus_v1_GetCallerRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_Caller__Output>): grpc.ClientUnaryCall;
  GetCaller(argument: _nexus_v1_GetCallerRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_nexus_v1_Caller__Output>): grpc.ClientUnaryCall;
  GetCaller(argument: _nexus_v1_GetCallerRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_Caller__Output>): grpc.ClientUnaryCall;
  GetCaller(argument: _nexus_v1_GetCallerRequest, callback: grpc.requestCallback<_nexus_v1_Caller__Output>): grpc.ClientUnaryCall;
  getCaller(argument: _nexus_v1_GetCallerRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_Caller__Output>): grpc.ClientUnaryCall;
  getCaller(argument: _nexus_v1_GetCallerRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_nexus_v1_Caller__Output>): grpc.ClientUnaryCall;
  getCaller(argument: _nexus_v1_GetCallerRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_Caller__Output>): grpc.ClientUnaryCall;
  getCaller(argument: _nexus_v1_GetCallerRequest, callback: grpc.requestCallback<_nexus_v1_Caller__Output>): grpc.ClientUnaryCall;
  
  ListApiKeys(argument: _nexus_v1_ListApiKeysRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_ListApiKeysResponse__Output>): grpc.ClientUnaryCall;
  ListApiKeys(argument: _nexus_v1_ListApiKeysRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_nexus_v1_ListApiKeysResponse__Output>): grpc.ClientUnaryCall;
  ListApiKeys(argument: _nexus_v1_ListApiKeysRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_ListApiKeysResponse__Output>): grpc.ClientUnaryCall;
  ListApiKeys(argument: _nexus_v1_ListApiKeysRequest, callback: grpc.requestCallback<_nexus_v1_ListApiKeysResponse__Output>): grpc.ClientUnaryCall;
  listApiKeys(argument: _nexus_v1_ListApiKeysRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_ListApiKeysResponse__Output>): grpc.ClientUnaryCall;
  listApiKeys(argument: _nexus_v1_ListApiKeysRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_nexus_v1_ListApiKeysResponse__Output>): grpc.ClientUnaryCall;
  listApiKeys(argument: _nexus_v1_ListApiKeysRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_ListApiKeysResponse__Output>): grpc.ClientUnaryCall;
  listApiKeys(argument: _nexus_v1_ListApiKeysRequest, callback: grpc.requestCallback<_nexus_v1_ListApiKeysResponse__Output>): grpc.ClientUnaryCall;
  
  RefreshChatSession(argument: _nexus_v1_RefreshChatSessionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_ChatSession__Output>): grpc.ClientUnaryCall;
  RefreshChatSession(argument: _nexus_v1_RefreshChatSessionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_nexus_v1_ChatSession__Output>): grpc.ClientUnaryCall;
  RefreshChatSession(argument: _nexus_v1_RefreshChatSessionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_ChatSession__Output>): grpc.ClientUnaryCall;
  RefreshChatSession(argument: _nexus_v1_RefreshChatSessionRequest, callback: grpc.requestCallback<_nexus_v1_ChatSession__Output>): grpc.ClientUnaryCall;
  refreshChatSession(argument: _nexus_v1_RefreshChatSessionRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_ChatSession__Output>): grpc.ClientUnaryCall;
  refreshChatSession(argument: _nexus_v1_RefreshChatSessionRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_nexus_v1_ChatSession__Output>): grpc.ClientUnaryCall;
  refreshChatSession(argument: _nexus_v1_RefreshChatSessionRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_ChatSession__Output>): grpc.ClientUnaryCall;
  refreshChatSession(argument: _nexus_v1_RefreshChatSessionRequest, callback: grpc.requestCallback<_nexus_v1_ChatSession__Output>): grpc.ClientUnaryCall;
  
  RevokeApiKey(argument: _nexus_v1_RevokeApiKeyRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_ApiKey__Output>): grpc.ClientUnaryCall;
  RevokeApiKey(argument: _nexus_v1_RevokeApiKeyRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_nexus_v1_ApiKey__Output>): grpc.ClientUnaryCall;
  RevokeApiKey(argument: _nexus_v1_RevokeApiKeyRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_ApiKey__Output>): grpc.ClientUnaryCall;
  RevokeApiKey(argument: _nexus_v1_RevokeApiKeyRequest, callback: grpc.requestCallback<_nexus_v1_ApiKey__Output>): grpc.ClientUnaryCall;
  revokeApiKey(argument: _nexus_v1_RevokeApiKeyRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_ApiKey__Output>): grpc.ClientUnaryCall;
  revokeApiKey(argument: _nexus_v1_RevokeApiKeyRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_nexus_v1_ApiKey__Output>): grpc.ClientUnaryCall;
  revokeApiKey(argument: _nexus_v1_RevokeApiKeyRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_ApiKey__Output>): grpc.ClientUnaryCall;
  revokeApiKey(argument: _nexus_v1_RevokeApiKeyRequest, callback: grpc.requestCallback<_nexus_v1_ApiKey__Output>): grpc.ClientUnaryCall;
  
  StartChat(argument: _nexus_v1_StartChatRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_ChatSession__Output>): grpc.ClientUnaryCall;
  StartChat(argument: _nexus_v1_StartChatRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_nexus_v1_ChatSession__Output>): grpc.ClientUnaryCall;
  StartChat(argument: _nexus_v1_StartChatRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_ChatSession__Output>): grpc.ClientUnaryCall;
  StartChat(argument: _nexus_v1_StartChatRequest, callback: grpc.requestCallback<_nexus_v1_ChatSession__Output>): grpc.ClientUnaryCall;
  startChat(argument: _nexus_v1_StartChatRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_ChatSession__Output>): grpc.ClientUnaryCall;
  startChat(argument: _nexus_v1_StartChatRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_nexus_v1_ChatSession__Output>): grpc.ClientUnaryCall;
  startChat(argument: _nexus_v1_StartChatRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_nexus_v1_ChatSession__Output>): grpc.ClientUnaryCall;
  startChat(argument: _nexus_v1_StartChatRequest, callback: grpc.requestCallback<_nexus_v1_ChatSession__Output>): grpc.ClientUnaryCall;
  
}

export interface AccessServiceHandlers extends grpc.UntypedServiceImplementation {
  CreateApiKey: grpc.handleUnaryCall<_nexus_v1_CreateApiKeyRequest__Output, _nexus_v1_ApiKey>;
  
  GetApiKey: grpc.handleUnaryCall<_nexus_v1_GetApiKeyRequest__Output, _nexus_v1_ApiKey>;
  
  GetCaller: grpc.handleUnaryCall<_nexus_v1_GetCallerRequest__Output, _nexus_v1_Caller>;
  
  ListApiKeys: grpc.handleUnaryCall<_nexus_v1_ListApiKeysRequest__Output, _nexus_v1_ListApiKeysResponse>;
  
  RefreshChatSession: grpc.handleUnaryCall<_nexus_v1_RefreshChatSessionRequest__Output, _nexus_v1_ChatSession>;
  
  RevokeApiKey: grpc.handleUnaryCall<_nexus_v1_RevokeApiKeyRequest__Output, _nexus_v1_ApiKey>;
  
  StartChat: grpc.handleUnaryCall<_nexus_v1_StartChatRequest__Output, _nexus_v1_ChatSession>;
  
}

export interface AccessServiceDefinition extends grpc.ServiceDefinition {
  CreateApiKey: MethodDefinition<_nexus_v1_CreateApiKeyRequest, _nexus_v1_ApiKey, _nexus_v1_CreateApiKeyRequest__Output, _nexus_v1_ApiKey__Output>
  GetApiKey: MethodDefinition<_nexus_v1_GetApiKeyRequest, _nexus_v1_ApiKey, _nexus_v1_GetApiKeyRequest__Output, _nexus_v1_ApiKey__Output>
  GetCaller: MethodDefinition<_nexus_v1_GetCallerRequest, _nexus_v1_Caller, _nexus_v1_GetCallerRequest__Output, _nexus_v1_Caller__Output>
  ListApiKeys: MethodDefinition<_nexus_v1_ListApiKeysRequest, _nexus_v1_ListApiKeysResponse, _nexus_v1_ListApiKeysRequest__Output, _nexus_v1_ListApiKeysResponse__Output>
  RefreshChatSession: MethodDefinition<_nexus_v1_RefreshChatSessionRequest, _nexus_v1_ChatSession, _nexus_v1_RefreshChatSessionRequest__Output, _nexus_v1_ChatSession__Output>
  RevokeApiKey: MethodDefinition<_nexus_v1_RevokeApiKeyRequest, _nexus_v1_ApiKey, _nexus_v1_RevokeApiKeyRequest__Output, _nexus_v1_ApiKey__Output>
  StartChat: MethodDefinition<_nexus_v1_StartChatRequest, _nexus_v1_ChatSession, _nexus_v1_StartChatRequest__Output, _nexus_v1_ChatSession__Output>
}
