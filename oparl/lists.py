"""External object lists: one union of every part's keys, paged, then the page's objects.

The number of queries of a page is fixed whatever its size: one count, one query for the keys
of the page, and per part one query for its public objects with their prefetches.
"""

import math

from django.http import Http404

from .params import ListParams
from .sources.base import Context, Part


def keys(parts: tuple[Part, ...], params: ListParams):
    """(part, id, created, modified, gone, extra) of every object of the list, unordered."""
    sets = [rows for index, part in enumerate(parts) for rows in part.keys(index, params.q())]
    return sets[0].union(*sets[1:], all=True) if len(sets) > 1 else sets[0]


def page_of(parts: tuple[Part, ...], params: ListParams, ctx: Context, path: str) -> dict:
    """One page of the list in OParl's form: data, pagination, links."""
    union = keys(parts, params)
    total = union.count()
    pages = max(1, math.ceil(total / params.limit))
    if params.page > pages:
        raise Http404
    start = (params.page - 1) * params.limit
    rows = list(union.order_by("part", "id")[start : start + params.limit])
    wanted: dict[int, list[int]] = {}
    for index, pk, _created, _modified, gone, _extra in rows:
        if not gone:
            wanted.setdefault(index, []).append(pk)
    objects = {index: parts[index].fetch(pks) for index, pks in wanted.items()}
    data = []
    for index, pk, created, modified, gone, extra in rows:
        part = parts[index]
        if gone:
            data.append(part.stub(ctx, pk, created, modified, extra))
        elif pk in objects[index]:  # not withdrawn between the two queries
            data.append(part.serialize(objects[index][pk], ctx))

    def link(page: int) -> str:
        return ctx.absolute(f"{path}?{params.query(page)}")

    links = {"first": link(1), "self": link(params.page), "last": link(pages)}
    if params.page > 1:
        links["prev"] = link(params.page - 1)
    if params.page < pages:
        links["next"] = link(params.page + 1)
    return {
        "data": data,
        "pagination": {
            "totalElements": total,
            "elementsPerPage": params.limit,
            "currentPage": params.page,
            "totalPages": pages,
        },
        "links": links,
    }


def single(part: Part, pk: int, ctx: Context) -> dict:
    """One object: public in full, gone or withdrawn as deleted, otherwise 404."""
    obj = part.fetch([pk]).get(pk)
    if obj is not None:
        return part.serialize(obj, ctx)
    for rows in part.gone():
        found = (
            rows.filter(id=pk)
            .annotate(oparl_extra=part.stub_extra())
            .values_list("oparl_created", "oparl_modified", "oparl_extra")
            .first()
        )
        if found is not None:
            return part.stub(ctx, pk, *found)
    raise Http404
