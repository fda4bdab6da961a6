"""A published version in other languages: the Leichte-Sprache summary for everyone, and the
forms with which OE 50.6 adds a translation or a summary (docs/sprachen.md)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from ..forms import EasyReadForm, SectionTranslationForm
from ..models import DraftVersion, VersionSection
from ..permissions import can_translate_version
from ..services import add_easy_read_summary, add_section_translations
from ..translations import configured_languages, newest_easy_read, newest_translations


def _version(pk: int) -> DraftVersion:
    return get_object_or_404(
        DraftVersion.objects.select_related("draft__stage", "draft__committee"), pk=pk
    )


def easy_read(request, pk):
    """The newest summary in Leichte Sprache of a published version."""
    version = _version(pk)
    if not version.is_public:
        raise Http404
    context = {
        "version": version,
        "draft": version.draft,
        "summary": newest_easy_read(version),
        "can_translate": can_translate_version(request.user, version),
    }
    return render(request, "etappen/easy_read.html", context)


@login_required
def easy_read_edit(request, pk):
    """OE 50.6 writes the summary; a changed text becomes its next revision."""
    version = _version(pk)
    if not can_translate_version(request.user, version):
        raise PermissionDenied
    current = newest_easy_read(version)
    initial = {"text": current.text, "translated_by": current.translated_by} if current else {}
    form = EasyReadForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            add_easy_read_summary(
                version=version,
                text=form.cleaned_data["text"],
                translated_by=form.cleaned_data["translated_by"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The summary in Leichte Sprache is saved."))
            return redirect("etappen:easy-read", pk=version.pk)
    context = {"version": version, "draft": version.draft, "form": form, "current": current}
    return render(request, "etappen/easy_read_form.html", context)


@login_required
def translation_edit(request, pk, language):
    """OE 50.6 enters or corrects the translation of the version's sections into a language."""
    version = _version(pk)
    if not can_translate_version(request.user, version):
        raise PermissionDenied
    chosen = configured_languages().get(language)
    if chosen is None:
        raise Http404
    sections = list(VersionSection.objects.filter(version=version).order_by("position"))
    newest = newest_translations(version, language)
    initial = {}
    for section in sections:
        row = newest.get(section.pk)
        if row is not None:
            initial[f"heading_{section.position}"] = row.heading
            initial[f"text_{section.position}"] = row.text
            initial["translated_by"] = row.translated_by
    form = SectionTranslationForm(
        request.POST or None, initial=initial, sections=sections, language=chosen
    )
    if request.method == "POST" and form.is_valid():
        try:
            created = add_section_translations(
                version=version,
                language=language,
                texts=form.texts(),
                translated_by=form.cleaned_data["translated_by"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("%(count)s translated sections saved.") % {"count": len(created)},
            )
            return redirect(version.get_absolute_url() + f"?sprache={language}")
    context = {
        "version": version,
        "draft": version.draft,
        "form": form,
        "language": chosen,
        "sections": sections,
    }
    return render(request, "etappen/translation_form.html", context)
