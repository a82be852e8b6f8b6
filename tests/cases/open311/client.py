"""Filing a request the way an integrating system does (form-encoded POST)."""


def post_request(client, api, fmt="json", **overrides):
    data = {
        "jurisdiction_id": api.org.organisation.code,
        "api_key": api.key,
        "service_code": str(api.org.matter.pk),
        "attribute[kind]": "application",
        "description": "想申请最低生活保障，需要准备什么？",
        "first_name": "三",
        "last_name": "张",
        "phone": "13900000009",
        "address_string": "城东区人民路1号",
    }
    data.update(overrides)
    data = {name: value for name, value in data.items() if value is not None}
    return client.post(f"/open311/v2/requests.{fmt}", data)
