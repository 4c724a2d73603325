// Original file: ../../proto/nexus/v1/access.proto

import type { ApiKeyRole as _nexus_v1_ApiKeyRole, ApiKeyRole__Output as _nexus_v1_ApiKeyRole__Output } from '../../nexus/v1/ApiKeyRole';

export interface Caller {
  'tenant'?: (string);
  'apiKey'?: (string);
  'role'?: (_nexus_v1_ApiKeyRole);
  'interaction'?: (string);
}

export interface Caller__Output {
  'tenant': (string);
  'apiKey': (string);
  'role': (_nexus_v1_ApiKeyRole__Output);
  'interaction': (string);
}
