def overview(request):
    raise NotImplementedError


def committee_staffing(request, slug):
    raise NotImplementedError


def member_add(request, slug):
    raise NotImplementedError


def membership_end(request, slug, pk):
    raise NotImplementedError


def membership_replace(request, slug, pk):
    raise NotImplementedError


def nomination_accept(request, slug, pk):
    raise NotImplementedError


def nomination_decline(request, slug, pk):
    raise NotImplementedError


def scope_change_propose(request, slug):
    raise NotImplementedError
