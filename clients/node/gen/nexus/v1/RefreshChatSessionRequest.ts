// Original file: ../../proto/nexus/v1/access_service.proto


export interface RefreshChatSessionRequest {
}

export interface RefreshChatSessionRequest__Output {
}
