// Original file: ../../proto/nexus/v1/interaction_service.proto


export interface GetStateModelRequest {
}

export interface GetStateModelRequest__Output {
}
