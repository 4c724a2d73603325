// Original file: ../../proto/nexus/v1/interaction_service.proto

import type { TimerPolicy as _nexus_v1_TimerPolicy, TimerPolicy__Output as _nexus_v1_TimerPolicy__Output } from '../../nexus/v1/TimerPolicy';

export interface ListTimerPoliciesResponse {
  'timerPolicies'?: (_nexus_v1_TimerPolicy)[];
}

export interface ListTimerPoliciesResponse__Output {
  'timerPolicies': (_nexus_v1_TimerPolicy__Output)[];
}
