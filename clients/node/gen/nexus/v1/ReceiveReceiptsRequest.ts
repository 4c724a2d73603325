// Original file: ../../proto/nexus/v1/channel_service.proto

import type { Receipt as _nexus_v1_Receipt, Receipt__Output as _nexus_v1_Receipt__Output } from '../../nexus/v1/Receipt';

export interface ReceiveReceiptsRequest {
  'channel'?: (string);
  'receipts'?: (_nexus_v1_Receipt)[];
}

export interface ReceiveReceiptsRequest__Output {
  'channel': (string);
  'receipts': (_nexus_v1_Receipt__Output)[];
}
