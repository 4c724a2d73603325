// Original file: ../../proto/nexus/v1/interaction_service.proto

import type { State as _nexus_v1_State, State__Output as _nexus_v1_State__Output } from '../../nexus/v1/State';
import type { MediaType as _nexus_v1_MediaType, MediaType__Output as _nexus_v1_MediaType__Output } from '../../nexus/v1/MediaType';
import type { ReadStatus as _nexus_v1_ReadStatus, ReadStatus__Output as _nexus_v1_ReadStatus__Output } from '../../nexus/v1/ReadStatus';
import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp';
import type { Timer as _nexus_v1_Timer, Timer__Output as _nexus_v1_Timer__Output } from '../../nexus/v1/Timer';

export interface ListInteractionsRequest {
  'pageSize'?: (number);
  'pageToken'?: (string);
  'states'?: (_nexus_v1_State)[];
  'mediaType'?: (_nexus_v1_MediaType);
  'channel'?: (string);
  'customerAddress'?: (string);
  'securebox'?: (string);
  'readStatus'?: (_nexus_v1_ReadStatus);
  'createTimeAfter'?: (_google_protobuf_Timestamp | null);
  'createTimeBefore'?: (_google_protobuf_Timestamp | null);
  'orderBy'?: (string);
  'threadId'?: (string);
  'nextTimer'?: (_nexus_v1_Timer);
  'nextTimerBefore'?: (_google_protobuf_Timestamp | null);
}

export interface ListInteractionsRequest__Output {
  'pageSize': (number);
  'pageToken': (string);
  'states': (_nexus_v1_State__Output)[];
  'mediaType': (_nexus_v1_MediaType__Output);
  'channel': (string);
  'customerAddress': (string);
  'securebox': (string);
  'readStatus': (_nexus_v1_ReadStatus__Output);
  'createTimeAfter': (_google_protobuf_Timestamp__Output | null);
  'createTimeBefore': (_google_protobuf_Timestamp__Output | null);
  'orderBy': (string);
  'threadId': (string);
  'nextTimer': (_nexus_v1_Timer__Output);
  'nextTimerBefore': (_google_protobuf_Timestamp__Output | null);
}
