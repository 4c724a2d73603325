// Original file: ../../proto/nexus/v1/interaction_service.proto


export interface ListTimerPoliciesRequest {
}

export interface ListTimerPoliciesRequest__Output {
}
