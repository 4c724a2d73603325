// Original file: ../../proto/nexus/v1/access_service.proto

import type { ApiKey as _nexus_v1_ApiKey, ApiKey__Output as _nexus_v1_ApiKey__Output } from '../../nexus/v1/ApiKey';

export interface ListApiKeysResponse {
  'apiKeys'?: (_nexus_v1_ApiKey)[];
  'nextPageToken'?: (string);
}

export interface ListApiKeysResponse__Output {
  'apiKeys': (_nexus_v1_ApiKey__Output)[];
  'nextPageToken': (string);
}
