// Original file: ../../proto/nexus/v1/interaction.proto

import type { Timer as _nexus_v1_Timer, Timer__Output as _nexus_v1_Timer__Output } from '../../nexus/v1/Timer';
import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp';

export interface NextTimer {
  'timer'?: (_nexus_v1_Timer);
  'dueTime'?: (_google_protobuf_Timestamp | null);
}

export interface NextTimer__Output {
  'timer': (_nexus_v1_Timer__Output);
  'dueTime': (_google_protobuf_Timestamp__Output | null);
}
