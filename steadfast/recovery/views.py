"""The repair path's pages. Each has the same shape: access helper, form, action,
redirect or render. Nothing on a page depends on the partner's private work: a partner's
writing reaches the page only through `visible_to` (what they shared or sent)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from steadfast.core import idempotency
from steadfast.core.access import get_visible_or_404, partner_of, person_required, visible_to
from steadfast.core.models import Audience

from . import actions
from .access import get_pathway_for, own, pathway_for, shared_by_partner
from .forms import (
    AcceptForm,
    AnswerForm,
    DecisionForm,
    LimitsForm,
    OfferForm,
    QuestionForm,
    ShareForm,
    StartForm,
    WritingForm,
)
from .models import (
    LETTER_MAX_LENGTH,
    TEXT_MAX_LENGTH,
    Answer,
    AnswerKind,
    Choice,
    Decision,
    Letter,
    Offer,
    Question,
    Reflection,
    Reply,
    Role,
    Stage,
)
from .prompts import BY_KEY, prompts_for

try:  # The coach is optional: without it the reply page simply gives no feedback.
    from steadfast.coach import analyse as coach_analyse
except ImportError:  # pragma: no cover
    coach_analyse = None

SAVED_ELSEWHERE = (
    "This was changed on another device after you opened it, so your changes are not "
    "saved yet. Both versions are below: choose which to keep."
)
STAGES = [
    (
        Stage.IMPACT,
        "recovery:impact",
        "Facing what happened: the hurt is put into words, and the partner who broke trust "
        "takes responsibility and tries to understand it, without defending.",
    ),
    (
        Stage.MEANING,
        "recovery:meaning",
        "Understanding how it came about. Understanding is not excusing, and it never "
        "obliges anyone to forgive.",
    ),
    (
        Stage.MOVING_ON,
        "recovery:moving_on",
        "Each of you decides how you want to go on, freely. Going on together, taking more "
        "time and parting are all honest outcomes.",
    ),
]
COACH_WORDS = {
    "defensiveness": "This may sound like a defence. Try naming what you heard and that it "
    "matters, before anything about yourself.",
    "criticism": "This may sound like a criticism of your partner. Try keeping to your part.",
    "contempt": "This may sound scornful. Try plain, respectful words.",
    "stonewalling": "This may sound like shutting the conversation down. If you need a "
    "break, you can pause the path and come back.",
}


def _errors(form):
    return [error for errors in form.errors.values() for error in errors]


def _frame(request, template, context, *, status=200, pathway=None):
    context = {"pathway": pathway, **context}
    if pathway is not None:
        context.setdefault("role", pathway.role_of(request.user))
        context.setdefault("is_hurt", pathway.is_hurt(request.user))
        context.setdefault("partner", partner_of(request.user))
    return render(request, template, context, status=status)


# --- The start page, joining, stopping ----------------------------------------------------


def _index_context(request, start_form=None):
    pathway = pathway_for(request.user)
    context = {"linked": partner_of(request.user) is not None, "start_form": start_form}
    if pathway is None:
        context["start_form"] = start_form or StartForm.fresh()
        return context, None
    if not pathway.is_starter(request.user) and not pathway.joined:
        context["invited"] = True
        context["declined"] = pathway.declined_at is not None
        context["their_role"] = Role(pathway.starter_role).label
        context["your_role"] = Role(pathway.role_of(request.user)).label
        return context, pathway
    context["stages"] = STAGES
    context["shared"] = _shared_state(pathway, request.user) if pathway.joined else None
    return context, pathway


def _shared_state(pathway, user):
    """Only what both can see: what was sent, agreed, asked, offered."""
    letters = visible_to(Letter.objects.filter(pathway=pathway), user)
    letter = letters.exclude(audience=Audience.PRIVATE).first()
    return {
        "letter_sent": letter is not None,
        "limits": actions.agreed_limits(pathway),
        "questions": Question.objects.filter(pathway=pathway).count(),
        "offers": Offer.objects.filter(pathway=pathway, withdrawn_at=None).count(),
    }


@person_required
@require_GET
def index(request):
    context, pathway = _index_context(request)
    return _frame(request, "recovery/index.html", context, pathway=pathway)


@person_required
@require_POST
def start(request):
    form = StartForm(request.POST)
    if form.is_valid():
        try:
            actions.start_pathway(
                request.user,
                role=form.cleaned_data["role"],
                submission_key=form.cleaned_data["submission_key"],
            )
        except actions.Refused as refusal:
            messages.info(request, str(refusal))
        except idempotency.KeyReused as reused:
            # The path this form started stands, so the form isn't shown: say it here.
            messages.error(request, str(reused))
            context, pathway = _index_context(request)
            status = idempotency.REFUSED_STATUS
            return _frame(request, "recovery/index.html", context, pathway=pathway, status=status)
        else:
            messages.success(
                request,
                "Started. Your partner will see an invitation here; joining is their choice.",
            )
        return redirect("recovery:index")
    form.renew_broken_key()
    context, pathway = _index_context(request, start_form=form)
    if pathway is not None:  # a path exists already: the form isn't shown, so say it here
        messages.info(request, actions.ALREADY_STARTED)
    return _frame(request, "recovery/index.html", context, pathway=pathway)


def _invited_pathway(request):
    pathway = pathway_for(request.user)
    if pathway is None:
        raise Http404
    return pathway


@person_required
@require_POST
def join(request):
    pathway = _invited_pathway(request)
    if not pathway.joined and not pathway.is_starter(request.user):
        actions.join(pathway, request.user)
        messages.success(request, "You joined. You can pause or stop at any time.")
    return redirect("recovery:index")


@person_required
@require_POST
def decline(request):
    pathway = _invited_pathway(request)
    if not pathway.joined and not pathway.is_starter(request.user):
        actions.decline(pathway, request.user)
        messages.success(
            request,
            "That's fine. Your partner is not told; they only see that you haven't "
            "joined. You can change your mind here later.",
        )
    return redirect("recovery:index")


@person_required
@require_http_methods(["GET", "POST"])
def stop(request):
    """A calm place to stop, on every page's top bar. POST pauses one's own side."""
    pathway = pathway_for(request.user)
    if request.method == "POST":
        if pathway is None:
            raise Http404
        actions.set_paused(pathway, request.user, True)
        messages.success(
            request,
            "Paused. Your partner sees only that the path is paused. Resume whenever you "
            "are ready, or never.",
        )
        return redirect("recovery:index")
    can_pause = pathway is not None and not pathway.paused_by(request.user)
    return _frame(request, "recovery/stop.html", {"can_pause": can_pause})


@person_required
@require_POST
def resume(request):
    pathway = pathway_for(request.user)
    if pathway is None:
        raise Http404
    actions.set_paused(pathway, request.user, False)
    messages.success(request, "Resumed on your side.")
    return redirect("recovery:index")


# --- Stages and private work -----------------------------------------------------------------


def _stage_page(request, stage):
    pathway = get_pathway_for(request.user)
    role = pathway.role_of(request.user)
    prompts = prompts_for(stage, role)
    keys = [prompt.key for prompt in prompts]
    mine = {
        r.prompt: r
        for r in Reflection.objects.filter(pathway=pathway, owner=request.user, prompt__in=keys)
    }
    theirs = [
        (BY_KEY.get(r.prompt), r)
        for r in shared_by_partner(
            Reflection.objects.filter(pathway=pathway), request.user
        ).order_by("created_at", "pk")
        if r.prompt in BY_KEY and BY_KEY[r.prompt].stage == stage
    ]
    summary = next(words for s, _, words in STAGES if s == stage)
    context = {
        "stage": stage,
        "stage_title": Stage(stage).label,
        "summary": summary,
        "items": [(prompt, mine.get(prompt.key)) for prompt in prompts],
        "theirs": theirs,
    }
    if stage == Stage.MOVING_ON:
        context["decision"] = Decision.objects.filter(pathway=pathway, owner=request.user).first()
    return _frame(request, f"recovery/stage_{stage}.html", context, pathway=pathway)


@person_required
@require_GET
def impact(request):
    return _stage_page(request, Stage.IMPACT)


@person_required
@require_GET
def meaning(request):
    return _stage_page(request, Stage.MEANING)


@person_required
@require_GET
def moving_on(request):
    return _stage_page(request, Stage.MOVING_ON)


def _prompt_for(pathway, user, key):
    prompt = BY_KEY.get(key)
    if prompt is None or prompt.role not in (None, pathway.role_of(user)):
        raise Http404
    return prompt


def _stage_url(stage):
    return next(url for s, url, _ in STAGES if s == stage)


def _conflict(request, pathway, *, current, mine, fields, back, form):
    rows = [(label, getattr(current, name), mine[name]) for name, label in fields]
    context = {"rows": rows, "current": current, "form": form, "back": back}
    context["message"] = SAVED_ELSEWHERE
    return _frame(request, "recovery/conflict.html", context, status=409, pathway=pathway)


@person_required
@require_http_methods(["GET", "POST"])
def write(request, prompt):
    pathway = get_pathway_for(request.user)
    prompt = _prompt_for(pathway, request.user, prompt)
    saved = Reflection.objects.filter(pathway=pathway, owner=request.user, prompt=prompt.key)
    saved = saved.first()
    back = _stage_url(prompt.stage)
    if request.method == "POST":
        form = WritingForm(request.POST, label=prompt.title)
        if form.is_valid():
            data = form.cleaned_data
            try:
                actions.save_reflection(
                    pathway, request.user, prompt=prompt, text=data["text"], version=data["version"]
                )
            except actions.Conflict as conflict:
                current = conflict.current
                mine = WritingForm(
                    initial={"text": data["text"], "version": current.version},
                    label=prompt.title,
                    auto_id="mine_%s",
                )
                return _conflict(
                    request,
                    pathway,
                    current=current,
                    mine=data,
                    fields=[("text", prompt.title)],
                    back=back,
                    form=mine,
                )
            messages.success(request, "Saved. Only you can see it unless you share it.")
            return redirect("recovery:write", prompt=prompt.key)
    else:
        initial = {"text": saved.text, "version": saved.version} if saved else {"version": 0}
        form = WritingForm(initial=initial, label=prompt.title)
    context = {"prompt": prompt, "form": form, "saved": saved, "back": back}
    return _frame(request, "recovery/write.html", context, pathway=pathway)


@person_required
@require_POST
def share(request, prompt):
    pathway = get_pathway_for(request.user)
    prompt = _prompt_for(pathway, request.user, prompt)
    reflection = own(Reflection.objects.filter(pathway=pathway), request.user, prompt=prompt.key)
    form = ShareForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose whether to share it or keep it private.")
        return redirect("recovery:write", prompt=prompt.key)
    audience = Audience.PARTNER if form.cleaned_data["share"] else Audience.PRIVATE
    actions.share_reflection(reflection, audience)
    if audience == Audience.PARTNER:
        messages.success(request, "Shared with your partner. You can take it back at any time.")
    else:
        messages.success(request, "Private again: only you can see it.")
    return redirect("recovery:write", prompt=prompt.key)


# --- The letter and the reply ---------------------------------------------------------------


def _sent_letter(pathway, user):
    """The letter, if it has been sent (or the hurt partner's own, sent or not)."""
    letters = visible_to(Letter.objects.filter(pathway=pathway), user)
    if pathway.is_hurt(user):
        return letters.filter(owner=user).first()
    return letters.exclude(audience=Audience.PRIVATE).first()


def _sent_reply(letter, user):
    if letter is None or not letter.is_sent:
        return None
    replies = visible_to(Reply.objects.filter(letter=letter), user)
    if letter.owner_id == user.pk:
        return replies.exclude(audience=Audience.PRIVATE).first()
    return replies.filter(owner=user).first()


def _draft_post(request, pathway, *, save, fields_label, limit, back, template, context):
    """Shared by the letter and the reply: save a draft, or send it."""
    form = WritingForm(request.POST, label=fields_label, limit=limit)
    refused = None
    if form.is_valid():
        data = form.cleaned_data
        send = request.POST.get("action") == "send"
        try:
            saved = save(text=data["text"], version=data["version"], send=send)
        except actions.Conflict as conflict:
            current = conflict.current
            mine = WritingForm(
                initial={"text": data["text"], "version": current.version},
                label=fields_label,
                limit=limit,
                auto_id="mine_%s",
            )
            return _conflict(
                request,
                pathway,
                current=current,
                mine=data,
                fields=[("text", fields_label)],
                back=back,
                form=mine,
            )
        except actions.Refused as refusal:
            refused = str(refusal)
        else:
            if saved.is_sent:
                messages.success(request, "Sent. It can't be changed now.")
            else:
                messages.success(request, "Draft saved. Only you can see it until you send it.")
            return redirect(back)
    return _frame(
        request,
        template,
        {**context, "form": form, "refused": refused},
        pathway=pathway,
    )


@person_required
@require_http_methods(["GET", "POST"])
def letter(request):
    pathway = get_pathway_for(request.user)
    found = _sent_letter(pathway, request.user)
    context = {
        "letter": found,
        "reply": _sent_reply(found, request.user),
        "limit": LETTER_MAX_LENGTH,
    }
    if request.method == "POST":
        return _draft_post(
            request,
            pathway,
            save=lambda **kw: actions.save_letter(pathway, request.user, **kw),
            fields_label="Your letter",
            limit=LETTER_MAX_LENGTH,
            back="recovery:letter",
            template="recovery/letter.html",
            context=context,
        )
    form = None
    if pathway.is_hurt(request.user) and not (found and found.is_sent):
        initial = {"text": found.text, "version": found.version} if found else {"version": 0}
        form = WritingForm(initial=initial, label="Your letter", limit=LETTER_MAX_LENGTH)
    context["form"] = form
    return _frame(request, "recovery/letter.html", context, pathway=pathway)


def _coach(text):
    if coach_analyse is None or not text:
        return None
    feedback = coach_analyse(text)
    return {"words": COACH_WORDS.get(feedback.primary), "safety": feedback.safety}


@person_required
@require_http_methods(["GET", "POST"])
def reply(request):
    pathway = get_pathway_for(request.user)
    found = _sent_letter(pathway, request.user)
    draft = _sent_reply(found, request.user)
    context = {"letter": found, "reply": draft}
    is_hurt = pathway.is_hurt(request.user)
    if request.method == "POST":
        if is_hurt:
            context["refused"] = actions.ONLY_REPAIRER_REPLIES
            return _frame(request, "recovery/reply.html", context, pathway=pathway)
        if found is None or not found.is_sent:
            context["refused"] = actions.NO_LETTER
            return _frame(request, "recovery/reply.html", context, pathway=pathway)
        return _draft_post(
            request,
            pathway,
            save=lambda **kw: actions.save_reply(found, request.user, **kw),
            fields_label="Your reply",
            limit=LETTER_MAX_LENGTH,
            back="recovery:reply",
            template="recovery/reply.html",
            context=context,
        )
    if not is_hurt and found is not None and found.is_sent and not (draft and draft.is_sent):
        initial = {"text": draft.text, "version": draft.version} if draft else {"version": 0}
        context["form"] = WritingForm(initial=initial, label="Your reply", limit=LETTER_MAX_LENGTH)
        context["coach"] = _coach(draft.text if draft else "")
    return _frame(request, "recovery/reply.html", context, pathway=pathway)


# --- Limits, questions and answers -------------------------------------------------------


def _limits_page(request, pathway, *, form=None, refused=None, status=200):
    latest = actions.latest_proposal(pathway)
    agreed = actions.agreed_limits(pathway)
    may_propose = latest is not None or pathway.is_hurt(request.user)
    context = {
        "latest": latest,
        "agreed": agreed,
        "may_propose": may_propose,
        "may_accept": latest is not None
        and latest.accepted_at is None
        and latest.owner_id != request.user.pk,
        "form": form or (LimitsForm.fresh(per_week=2) if may_propose else None),
        "refused": refused,
    }
    return _frame(request, "recovery/limits.html", context, status=status, pathway=pathway)


@person_required
@require_http_methods(["GET", "POST"])
def limits(request):
    pathway = get_pathway_for(request.user)
    if request.method == "GET":
        return _limits_page(request, pathway)
    form = LimitsForm(request.POST)
    if not form.is_valid():
        form.renew_broken_key()
        return _limits_page(request, pathway, form=form)
    data = form.cleaned_data
    try:
        actions.propose_limits(
            pathway,
            request.user,
            per_week=data["per_week"],
            topics=data["topics"],
            other_limits=data["other_limits"],
            submission_key=data["submission_key"],
        )
    except actions.Refused as refusal:
        return _limits_page(request, pathway, form=form, refused=str(refusal))
    except idempotency.KeyReused as reused:
        idempotency.refuse(form, reused)
        return _limits_page(request, pathway, form=form, status=idempotency.REFUSED_STATUS)
    messages.success(request, "Suggested. Your partner can agree to it or suggest another.")
    return redirect("recovery:limits")


@person_required
@require_POST
def accept(request):
    pathway = get_pathway_for(request.user)
    form = AcceptForm(request.POST)
    if not form.is_valid():
        return _limits_page(request, pathway, refused=_errors(form)[0])
    try:
        actions.accept_limits(pathway, request.user, form.cleaned_data["proposal"])
    except actions.Refused as refusal:
        return _limits_page(request, pathway, refused=str(refusal))
    messages.success(request, "Agreed. You have both accepted these limits.")
    return redirect("recovery:questions")


def _questions_page(request, pathway, *, form=None, answer_errors=None, refused=None, status=200):
    asked = list(
        visible_to(Question.objects.filter(pathway=pathway), request.user).order_by(
            "-created_at", "-pk"
        )
    )
    shown_answers = {
        a.question_id: a
        for a in visible_to(Answer.objects.filter(question__pathway=pathway), request.user)
    }
    is_hurt = pathway.is_hurt(request.user)
    agreed = actions.agreed_limits(pathway)
    context = {
        "agreed": agreed,
        "questions": [
            (q, shown_answers.get(q.pk), (answer_errors or {}).get(q.pk, [])) for q in asked
        ],
        "form": (form or QuestionForm.fresh()) if is_hurt and agreed else None,
        "answer_kinds": AnswerKind.choices,
        "answer_limit": TEXT_MAX_LENGTH,
        "refused": refused,
    }
    if agreed is not None:
        context["asked_this_week"] = len(actions.asked_this_week(pathway))
    return _frame(request, "recovery/questions.html", context, pathway=pathway, status=status)


@person_required
@require_http_methods(["GET", "POST"])
def questions(request):
    pathway = get_pathway_for(request.user)
    if request.method == "GET":
        return _questions_page(request, pathway)
    form = QuestionForm(request.POST)
    if not form.is_valid():
        form.renew_broken_key()
        return _questions_page(request, pathway, form=form)
    try:
        actions.ask(
            pathway,
            request.user,
            text=form.cleaned_data["text"],
            submission_key=form.cleaned_data["submission_key"],
        )
    except actions.Refused as refusal:
        return _questions_page(request, pathway, form=form, refused=str(refusal))
    except idempotency.KeyReused as reused:
        idempotency.refuse(form, reused)
        return _questions_page(request, pathway, form=form, status=idempotency.REFUSED_STATUS)
    messages.success(request, "Asked. Your partner will see it when they next look.")
    return redirect("recovery:questions")


@person_required
@require_POST
def answer(request, key):
    pathway = get_pathway_for(request.user)
    question = get_visible_or_404(Question.objects.filter(pathway=pathway), request.user, key=key)
    form = AnswerForm(request.POST)
    if not form.is_valid():
        return _questions_page(request, pathway, answer_errors={question.pk: _errors(form)})
    try:
        actions.answer(
            question, request.user, kind=form.cleaned_data["kind"], text=form.cleaned_data["text"]
        )
    except actions.Refused as refusal:
        return _questions_page(request, pathway, refused=str(refusal))
    messages.success(request, "Answered. Thank you for your honesty.")
    return redirect("recovery:questions")


# --- Transparency, offered -----------------------------------------------------------


def _offers_page(request, pathway, *, form=None, refused=None, status=200):
    shown = visible_to(Offer.objects.filter(pathway=pathway), request.user)
    is_repairer = pathway.repairer_id == request.user.pk
    context = {
        "offers": list(shown.select_related("commitment").order_by("-created_at", "-pk")),
        "form": (form or OfferForm.fresh()) if is_repairer else None,
        "refused": refused,
    }
    return _frame(request, "recovery/offers.html", context, pathway=pathway, status=status)


@person_required
@require_http_methods(["GET", "POST"])
def offers(request):
    pathway = get_pathway_for(request.user)
    if request.method == "GET":
        return _offers_page(request, pathway)
    form = OfferForm(request.POST)
    if not form.is_valid():
        form.renew_broken_key()
        return _offers_page(request, pathway, form=form)
    try:
        saved = actions.offer(
            pathway,
            request.user,
            text=form.cleaned_data["text"],
            as_promise=form.cleaned_data["as_promise"],
            submission_key=form.cleaned_data["submission_key"],
        )
    except actions.Refused as refusal:
        return _offers_page(request, pathway, form=form, refused=str(refusal))
    except idempotency.KeyReused as reused:
        idempotency.refuse(form, reused)
        return _offers_page(request, pathway, form=form, status=idempotency.REFUSED_STATUS)
    words = "Offered. Your partner can see it."
    if saved.commitment_id:
        words += " It is also in your promises, shared with your partner."
    messages.success(request, words)
    return redirect("recovery:offers")


@person_required
@require_POST
def withdraw(request, key):
    pathway = get_pathway_for(request.user)
    found = own(Offer.objects.filter(pathway=pathway), request.user, key=key)
    actions.withdraw_offer(found)
    messages.success(request, "Taken back. Your partner sees that it was.")
    return redirect("recovery:offers")


# --- Deciding how to go on -----------------------------------------------------------------


@person_required
@require_http_methods(["GET", "POST"])
def decide(request):
    pathway = get_pathway_for(request.user)
    mine = Decision.objects.filter(pathway=pathway, owner=request.user).first()
    # The partner's answer reaches this page only once both answered (it is shared then).
    theirs = shared_by_partner(Decision.objects.filter(pathway=pathway), request.user).first()
    refused = None
    if request.method == "POST":
        form = DecisionForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                saved = actions.decide(
                    pathway,
                    request.user,
                    choice=data["choice"],
                    note=data["note"],
                    version=data["version"],
                )
            except actions.Conflict as conflict:
                current = conflict.current
                again = DecisionForm(
                    initial={**data, "version": current.version}, auto_id="mine_%s"
                )
                rows = [
                    ("Your choice", current.choice_label(), Choice(data["choice"]).label),
                    ("What you added", current.note, data["note"]),
                ]
                context = {"rows": rows, "current": current, "form": again}
                context |= {"back": "recovery:decide", "message": SAVED_ELSEWHERE}
                return _frame(
                    request, "recovery/conflict.html", context, status=409, pathway=pathway
                )
            except actions.Refused as refusal:
                refused = str(refusal)
            else:
                if saved.audience == Audience.PRIVATE:
                    messages.success(
                        request, "Saved, privately. It is shown only when you have both answered."
                    )
                else:
                    messages.success(request, "You have both answered. Here is where you each are.")
                return redirect("recovery:decide")
    else:
        initial = {"version": mine.version if mine else 0}
        if mine:
            initial |= {"choice": mine.choice, "note": mine.note}
        form = DecisionForm(initial=initial)
    revealed = mine is not None and mine.audience != Audience.PRIVATE
    context = {
        "form": None if revealed else form,
        "mine": mine,
        "theirs": theirs if revealed else None,
        "revealed": revealed,
        "refused": refused,
    }
    return _frame(request, "recovery/decide.html", context, pathway=pathway)
