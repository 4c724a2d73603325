// Original file: ../../proto/nexus/v1/interaction_service.proto

import type { TimerPolicy as _nexus_v1_TimerPolicy, TimerPolicy__Output as _nexus_v1_TimerPolicy__Output } from '../../nexus/v1/TimerPolicy';
import type { FieldMask as _google_protobuf_FieldMask, FieldMask__Output as _google_protobuf_FieldMask__Output } from '../../google/protobuf/FieldMask';

export interface UpdateTimerPolicyRequest {
  'timerPolicy'?: (_nexus_v1_TimerPolicy | null);
  'updateMask'?: (_google_protobuf_FieldMask | null);
  'requestId'?: (string);
}

export interface UpdateTimerPolicyRequest__Output {
  'timerPolicy': (_nexus_v1_TimerPolicy__Output | null);
  'updateMask': (_google_protobuf_FieldMask__Output | null);
  'requestId': (string);
}
