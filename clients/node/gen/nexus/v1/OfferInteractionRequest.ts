// Original file: ../../proto/nexus/v1/interaction_service.proto


export interface OfferInteractionRequest {
  'name'?: (string);
  'agent'?: (string);
  'etag'?: (string);
  'requestId'?: (string);
  'actor'?: (string);
}

export interface OfferInteractionRequest__Output {
  'name': (string);
  'agent': (string);
  'etag': (string);
  'requestId': (string);
  'actor': (string);
}
