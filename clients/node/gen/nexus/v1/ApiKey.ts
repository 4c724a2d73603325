// Original file: ../../proto/nexus/v1/access.proto

import type { ApiKeyRole as _nexus_v1_ApiKeyRole, ApiKeyRole__Output as _nexus_v1_ApiKeyRole__Output } from '../../nexus/v1/ApiKeyRole';
import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp';

export interface ApiKey {
  'name'?: (string);
  'displayName'?: (string);
  'role'?: (_nexus_v1_ApiKeyRole);
  'allowedOrigins'?: (string)[];
  'prefix'?: (string);
  'createTime'?: (_google_protobuf_Timestamp | null);
  'revokeTime'?: (_google_protobuf_Timestamp | null);
  'key'?: (string);
}

export interface ApiKey__Output {
  'name': (string);
  'displayName': (string);
  'role': (_nexus_v1_ApiKeyRole__Output);
  'allowedOrigins': (string)[];
  'prefix': (string);
  'createTime': (_google_protobuf_Timestamp__Output | null);
  'revokeTime': (_google_protobuf_Timestamp__Output | null);
  'key': (string);
}
