// Original file: ../../proto/nexus/v1/interaction_service.proto

import type { CompletionReason as _nexus_v1_CompletionReason, CompletionReason__Output as _nexus_v1_CompletionReason__Output } from '../../nexus/v1/CompletionReason';

export interface CompleteInteractionRequest {
  'name'?: (string);
  'reason'?: (_nexus_v1_CompletionReason);
  'note'?: (string);
  'etag'?: (string);
  'requestId'?: (string);
  'actor'?: (string);
}

export interface CompleteInteractionRequest__Output {
  'name': (string);
  'reason': (_nexus_v1_CompletionReason__Output);
  'note': (string);
  'etag': (string);
  'requestId': (string);
  'actor': (string);
}
