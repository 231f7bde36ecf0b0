"""Package blobs in a write-once, content-addressed store: a folder (small sites, the default) or
S3-compatible object storage. The index (who sent what, when, its status) stays in the database;
only `ObjectRef` (sha256, size) links the two. See docs/centre-storage.md."""
from workstation.centre.object_store.base import (
    CredentialsRefused,
    ObjectCorrupt,
    ObjectMissing,
    ObjectRef,
    ObjectStore,
    ObjectStoreError,
    StoreHealth,
    StoreSettingsInvalid,
    StoredObject,
    StoreUnreachable,
    key_for,
    sha256_of_key,
)
from workstation.centre.object_store.settings import from_settings

__all__ = ["CredentialsRefused", "ObjectCorrupt", "ObjectMissing", "ObjectRef", "ObjectStore", "ObjectStoreError",
           "StoreHealth", "StoreSettingsInvalid", "StoreUnreachable", "StoredObject", "from_settings", "key_for",
           "sha256_of_key"]
