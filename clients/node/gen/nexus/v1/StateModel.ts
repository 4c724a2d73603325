// Original file: ../../proto/nexus/v1/interaction_service.proto

import type { State as _nexus_v1_State, State__Output as _nexus_v1_State__Output } from '../../nexus/v1/State';
import type { Transition as _nexus_v1_Transition, Transition__Output as _nexus_v1_Transition__Output } from '../../nexus/v1/Transition';

export interface StateModel {
  'states'?: (_nexus_v1_State)[];
  'finalStates'?: (_nexus_v1_State)[];
  'transitions'?: (_nexus_v1_Transition)[];
}

export interface StateModel__Output {
  'states': (_nexus_v1_State__Output)[];
  'finalStates': (_nexus_v1_State__Output)[];
  'transitions': (_nexus_v1_Transition__Output)[];
}
