// Original file: ../../proto/nexus/v1/access_service.proto


export interface RevokeApiKeyRequest {
  'name'?: (string);
}

export interface RevokeApiKeyRequest__Output {
  'name': (string);
}
