// Original file: ../../proto/nexus/v1/interaction.proto

import type { Long } from '@grpc/proto-loader';

export interface Attachment {
  'filename'?: (string);
  'contentType'?: (string);
  'sizeBytes'?: (number | string | Long);
  'uri'?: (string);
}

export interface Attachment__Output {
  'filename': (string);
  'contentType': (string);
  'sizeBytes': (string);
  'uri': (string);
}
