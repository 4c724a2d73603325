// Original file: ../../proto/nexus/v1/channel_service.proto

import type { ReceiptResult as _nexus_v1_ReceiptResult, ReceiptResult__Output as _nexus_v1_ReceiptResult__Output } from '../../nexus/v1/ReceiptResult';

export interface ReceiveReceiptsResponse {
  'results'?: (_nexus_v1_ReceiptResult)[];
}

export interface ReceiveReceiptsResponse__Output {
  'results': (_nexus_v1_ReceiptResult__Output)[];
}
