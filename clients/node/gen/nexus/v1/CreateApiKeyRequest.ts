// Original file: ../../proto/nexus/v1/access_service.proto

import type { ApiKey as _nexus_v1_ApiKey, ApiKey__Output as _nexus_v1_ApiKey__Output } from '../../nexus/v1/ApiKey';

export interface CreateApiKeyRequest {
  'apiKey'?: (_nexus_v1_ApiKey | null);
  'requestId'?: (string);
}

export interface CreateApiKeyRequest__Output {
  'apiKey': (_nexus_v1_ApiKey__Output | null);
  'requestId': (string);
}
