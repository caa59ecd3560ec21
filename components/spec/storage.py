"""Persistent storage: block volume classes and durable shared file storage."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator

from components.spec.limits import MAX_SHARED_GB, MIN_SHARED_GB, SHARED_STEP_GB, SpecModel


class BlockStorageSpec(SpecModel):
    """Dynamically provisioned, encrypted, expandable block volumes (StorageClasses kumo-block*)."""

    tier: Literal["ssd", "performance"] = "ssd"
    """Disk tier: ssd (gp3 / Premium SSD ZRS / pd-balanced) or performance (io2 / Premium SSD v2 / pd-ssd).
    Left out: ssd."""


class SharedStorageSpec(SpecModel):
    """Durable ReadWriteMany file storage that outlives the cluster (EFS / Azure Files NFS / Filestore)."""

    size_gb: int = Field(default=MIN_SHARED_GB, ge=MIN_SHARED_GB, le=MAX_SHARED_GB)
    """Capacity in GiB: 1024-63900 in steps of 256 (Filestore basic's limits). Left out: 1024."""
    protect: bool = False
    """Refuse to delete or replace the store (Pulumi protect). Left out: false."""
    retain_on_delete: bool = True
    """Leave the store in the cloud when the stack forgets it. Left out: true (data is kept)."""

    @field_validator("size_gb")
    @classmethod
    def _step(cls, size: int) -> int:
        if size % SHARED_STEP_GB:
            raise ValueError(
                f"must be a multiple of {SHARED_STEP_GB} GiB (Filestore grows in 0.25 TiB steps); "
                f"the nearest are {size // SHARED_STEP_GB * SHARED_STEP_GB} and "
                f"{(size // SHARED_STEP_GB + 1) * SHARED_STEP_GB}"
            )
        return size


class StorageSpec(SpecModel):
    """Persistent storage: block classes always, shared file storage when asked."""

    block: BlockStorageSpec = BlockStorageSpec()
    """Block volume classes. Left out: the ssd tier."""
    shared: SharedStorageSpec | None = None
    """Shared RWX storage. Left out: none is created."""
