// Original file: ../../proto/nexus/v1/channel_service.proto

import type { HttpBody as _google_api_HttpBody, HttpBody__Output as _google_api_HttpBody__Output } from '../../google/api/HttpBody';

export interface ReceiveProviderRequestRequest {
  'channel'?: (string);
  'topic'?: (string);
  'body'?: (_google_api_HttpBody | null);
}

export interface ReceiveProviderRequestRequest__Output {
  'channel': (string);
  'topic': (string);
  'body': (_google_api_HttpBody__Output | null);
}
