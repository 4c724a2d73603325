// Original file: ../../proto/nexus/v1/interaction_service.proto


export interface TransferInteractionRequest {
  'name'?: (string);
  'queue'?: (string);
  'agent'?: (string);
  'reason'?: (string);
  'etag'?: (string);
  'requestId'?: (string);
  'actor'?: (string);
}

export interface TransferInteractionRequest__Output {
  'name': (string);
  'queue': (string);
  'agent': (string);
  'reason': (string);
  'etag': (string);
  'requestId': (string);
  'actor': (string);
}
