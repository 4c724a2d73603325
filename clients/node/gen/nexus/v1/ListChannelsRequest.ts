// Original file: ../../proto/nexus/v1/channel_service.proto

import type { ChannelKind as _nexus_v1_ChannelKind, ChannelKind__Output as _nexus_v1_ChannelKind__Output } from '../../nexus/v1/ChannelKind';

export interface ListChannelsRequest {
  'pageSize'?: (number);
  'pageToken'?: (string);
  'kind'?: (_nexus_v1_ChannelKind);
}

export interface ListChannelsRequest__Output {
  'pageSize': (number);
  'pageToken': (string);
  'kind': (_nexus_v1_ChannelKind__Output);
}
