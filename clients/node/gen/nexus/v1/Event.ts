// Original file: ../../proto/nexus/v1/event.proto

import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp';
import type { StateChange as _nexus_v1_StateChange, StateChange__Output as _nexus_v1_StateChange__Output } from '../../nexus/v1/StateChange';
import type { Interaction as _nexus_v1_Interaction, Interaction__Output as _nexus_v1_Interaction__Output } from '../../nexus/v1/Interaction';
import type { Message as _nexus_v1_Message, Message__Output as _nexus_v1_Message__Output } from '../../nexus/v1/Message';
import type { Participant as _nexus_v1_Participant, Participant__Output as _nexus_v1_Participant__Output } from '../../nexus/v1/Participant';
import type { Webhook as _nexus_v1_Webhook, Webhook__Output as _nexus_v1_Webhook__Output } from '../../nexus/v1/Webhook';
import type { TypingIndicator as _nexus_v1_TypingIndicator, TypingIndicator__Output as _nexus_v1_TypingIndicator__Output } from '../../nexus/v1/TypingIndicator';
import type { Channel as _nexus_v1_Channel, Channel__Output as _nexus_v1_Channel__Output } from '../../nexus/v1/Channel';
import type { Long } from '@grpc/proto-loader';

export interface Event {
  'id'?: (string);
  'type'?: (string);
  'cursor'?: (number | string | Long);
  'tenant'?: (string);
  'interaction'?: (string);
  'sequence'?: (number | string | Long);
  'subject'?: (string);
  'createTime'?: (_google_protobuf_Timestamp | null);
  'actor'?: (string);
  'stateChange'?: (_nexus_v1_StateChange | null);
  'changedFields'?: (string)[];
  'interactionSnapshot'?: (_nexus_v1_Interaction | null);
  'message'?: (_nexus_v1_Message | null);
  'participant'?: (_nexus_v1_Participant | null);
  'webhook'?: (_nexus_v1_Webhook | null);
  'traceparent'?: (string);
  'typing'?: (_nexus_v1_TypingIndicator | null);
  'channel'?: (_nexus_v1_Channel | null);
  'resource'?: "message"|"participant"|"webhook"|"typing"|"channel";
}

export interface Event__Output {
  'id': (string);
  'type': (string);
  'cursor': (string);
  'tenant': (string);
  'interaction': (string);
  'sequence': (string);
  'subject': (string);
  'createTime': (_google_protobuf_Timestamp__Output | null);
  'actor': (string);
  'stateChange': (_nexus_v1_StateChange__Output | null);
  'changedFields': (string)[];
  'interactionSnapshot': (_nexus_v1_Interaction__Output | null);
  'message'?: (_nexus_v1_Message__Output | null);
  'participant'?: (_nexus_v1_Participant__Output | null);
  'webhook'?: (_nexus_v1_Webhook__Output | null);
  'traceparent': (string);
  'typing'?: (_nexus_v1_TypingIndicator__Output | null);
  'channel'?: (_nexus_v1_Channel__Output | null);
  'resource'?: "message"|"participant"|"webhook"|"typing"|"channel";
}
