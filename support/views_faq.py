"""The help centre's pages: /support/help/..."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import urlencode
from django.views.decorators.http import require_GET

from . import faq
from .models import FaqArticle

PAGE_SIZE = 20


@login_required
def help_home(request):
    """The help centre: straight to the reader's audience when there is one."""
    audiences = faq.audiences_for(request.user)
    if len(audiences) == 1:
        return redirect("support:help_audience", audience=audiences[0])
    if not audiences:
        raise Http404
    labels = dict(FaqArticle.Audience.choices)
    return render(
        request,
        "support/help/home.html",
        {"audiences": [(a, labels[a]) for a in audiences]},
    )


@login_required
def help_audience(request, audience):
    """One audience's articles, searchable (?q=), paginated."""
    if audience not in faq.audiences_for(request.user):
        raise Http404
    query = faq.clean_query(request.GET.get("q", ""))
    articles = faq.article_list_for_user(
        user=request.user, audience=audience, query=query
    )
    page = Paginator(articles, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "support/help/audience.html",
        {
            "audience": audience,
            "audience_label": FaqArticle.Audience(audience).label,
            "query": query,
            "page": page,
            "query_string": urlencode({"q": query}) if query else "",
        },
    )


@login_required
def help_article(request, pk):
    article = faq.get_article_for_user(request.user, pk)
    return render(request, "support/help/article.html", {"article": article})


@require_GET
@login_required
def help_suggest(request):
    """An HTML fragment of articles matching ?q= (static/js/faq_suggest.js)."""
    articles = faq.suggestions_for(user=request.user, text=request.GET.get("q", ""))
    return render(request, "support/help/_suggestions.html", {"articles": articles})
