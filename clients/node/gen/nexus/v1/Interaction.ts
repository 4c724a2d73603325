// Original file: ../../proto/nexus/v1/interaction.proto

import type { MediaType as _nexus_v1_MediaType, MediaType__Output as _nexus_v1_MediaType__Output } from '../../nexus/v1/MediaType';
import type { ThirdPartyPlatform as _nexus_v1_ThirdPartyPlatform, ThirdPartyPlatform__Output as _nexus_v1_ThirdPartyPlatform__Output } from '../../nexus/v1/ThirdPartyPlatform';
import type { Direction as _nexus_v1_Direction, Direction__Output as _nexus_v1_Direction__Output } from '../../nexus/v1/Direction';
import type { State as _nexus_v1_State, State__Output as _nexus_v1_State__Output } from '../../nexus/v1/State';
import type { CompletionReason as _nexus_v1_CompletionReason, CompletionReason__Output as _nexus_v1_CompletionReason__Output } from '../../nexus/v1/CompletionReason';
import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp';
import type { NextTimer as _nexus_v1_NextTimer, NextTimer__Output as _nexus_v1_NextTimer__Output } from '../../nexus/v1/NextTimer';
import type { Long } from '@grpc/proto-loader';

export interface Interaction {
  'name'?: (string);
  'mediaType'?: (_nexus_v1_MediaType);
  'thirdPartyPlatform'?: (_nexus_v1_ThirdPartyPlatform);
  'customPlatform'?: (string);
  'direction'?: (_nexus_v1_Direction);
  'state'?: (_nexus_v1_State);
  'completionReason'?: (_nexus_v1_CompletionReason);
  'channel'?: (string);
  'customerAddress'?: (string);
  'securebox'?: (string);
  'threadId'?: (string);
  'priority'?: (number);
  'subject'?: (string);
  'attributes'?: ({[key: string]: string});
  'queue'?: (string);
  'assignedAgent'?: (string);
  'assignedBot'?: (string);
  'snoozeUntil'?: (_google_protobuf_Timestamp | null);
  'unreadCount'?: (number);
  'messageCount'?: (number);
  'sequence'?: (number | string | Long);
  'createTime'?: (_google_protobuf_Timestamp | null);
  'updateTime'?: (_google_protobuf_Timestamp | null);
  'completeTime'?: (_google_protobuf_Timestamp | null);
  'etag'?: (string);
  'nextTimer'?: (_nexus_v1_NextTimer | null);
  'stateTime'?: (_google_protobuf_Timestamp | null);
  'lastMessageTime'?: (_google_protobuf_Timestamp | null);
  'queueTime'?: (_google_protobuf_Timestamp | null);
}

export interface Interaction__Output {
  'name': (string);
  'mediaType': (_nexus_v1_MediaType__Output);
  'thirdPartyPlatform': (_nexus_v1_ThirdPartyPlatform__Output);
  'customPlatform': (string);
  'direction': (_nexus_v1_Direction__Output);
  'state': (_nexus_v1_State__Output);
  'completionReason': (_nexus_v1_CompletionReason__Output);
  'channel': (string);
  'customerAddress': (string);
  'securebox': (string);
  'threadId': (string);
  'priority': (number);
  'subject': (string);
  'attributes': ({[key: string]: string});
  'queue': (string);
  'assignedAgent': (string);
  'assignedBot': (string);
  'snoozeUntil': (_google_protobuf_Timestamp__Output | null);
  'unreadCount': (number);
  'messageCount': (number);
  'sequence': (string);
  'createTime': (_google_protobuf_Timestamp__Output | null);
  'updateTime': (_google_protobuf_Timestamp__Output | null);
  'completeTime': (_google_protobuf_Timestamp__Output | null);
  'etag': (string);
  'nextTimer': (_nexus_v1_NextTimer__Output | null);
  'stateTime': (_google_protobuf_Timestamp__Output | null);
  'lastMessageTime': (_google_protobuf_Timestamp__Output | null);
  'queueTime': (_google_protobuf_Timestamp__Output | null);
}
