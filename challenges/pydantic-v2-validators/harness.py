"""Custom harness for pydantic-v2-validators.

pydantic is imported here, at module level: the runner loads this harness once in its
prepared parent, before any case is forked, so the framework's import is never counted in
a case's CPU time.

Input (the case's decoded "input"):

  {"model": "Signup" | "Address", "data": {...}}
      NAME.model_validate(data)
      -> {"ok": instance.model_dump()}
      or {"errors": [{"loc": [...], "type": str, "msg": str (value_error only)}, ...]}
      or {"raised": exception type name}   (anything but a ValidationError)

  {"model": "Signup", "data": {...}, "many_tags": {"count": n, "distinct": d}}
      data["tags"] becomes n tags cycling through d distinct names (" Tag-i ", spaced and
      capitalised so that they need normalising); the observation summarises the tags:
      -> {"ok": {"tag_count": ..., "first": [...5], "last": [...5], "username": ...}}
"""

import harnesskit
import pydantic


def run(solution, case_input):
    model = harnesskit.pydantic_model(solution, case_input["model"])
    data = dict(case_input["data"])
    many = case_input.get("many_tags")
    if many:
        count, distinct = many["count"], many["distinct"]
        data["tags"] = [f" Tag-{index % distinct} " for index in range(count)]
    try:
        instance = model.model_validate(data)
    except pydantic.ValidationError as error:
        return {"errors": harnesskit.pydantic_errors(error)}
    except Exception as error:  # noqa: BLE001 - a wrong model that crashes is a wrong answer
        return {"raised": type(error).__name__}
    dumped = instance.model_dump(mode="json")
    if many:
        tags = [str(tag) for tag in dumped.get("tags", [])]
        return {"ok": {"tag_count": len(tags), "first": tags[:5], "last": tags[-5:], "username": dumped.get("username")}}
    return {"ok": dumped}
