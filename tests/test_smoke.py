from nexus.v1 import interaction_pb2 as ipb
from nexus.v1 import interaction_service_pb2 as ispb


async def test_create_and_get(nexus):
    a = nexus.a
    created = await a.interactions.CreateInteraction(
        ispb.CreateInteractionRequest(interaction=ipb.Interaction(media_type=ipb.MEDIA_TYPE_CHAT)),
        metadata=a.md,
    )
    got = await a.interactions.GetInteraction(
        ispb.GetInteractionRequest(name=created.name), metadata=a.md
    )
    assert got == created
    assert got.state == ipb.STATE_NEW
