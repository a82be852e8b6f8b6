"""Where uploaded files are kept: the STORAGES entry of the attachments' store.

Read by the settings (no Django import here). By default a directory on the local disk,
outside MEDIA_ROOT and STATIC_ROOT, so nothing serves it but the download view; with a
bucket, an S3-compatible object store through django-storages, shared by every web
machine. Either way the stored names are random keys, never a case number or file name.
"""


def attachments_storage(
    *,
    bucket: str,
    endpoint_url: str = "",
    region: str = "",
    access_key: str = "",
    secret_key: str = "",
    prefix: str = "attachments",
    location: str,
) -> dict:
    if not bucket:
        # base_url: the files have no public address; the download view streams them.
        return {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": location, "base_url": "/no-public-url/"},
        }
    options = {
        "bucket_name": bucket,
        "location": prefix.strip("/"),
        "file_overwrite": False,
        "default_acl": None,  # the bucket's own (private) policy
        "querystring_auth": True,  # no public URLs either, should anything ask for one
        "signature_version": "s3v4",
    }
    if endpoint_url:  # MinIO, Ceph, a cloud's S3-compatible service; empty: AWS itself
        options["endpoint_url"] = endpoint_url
        options["addressing_style"] = "path"
    if region:
        options["region_name"] = region
    if access_key:  # otherwise boto3's own chain (AWS_ACCESS_KEY_ID, instance roles, …)
        options["access_key"] = access_key
        options["secret_key"] = secret_key
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}
