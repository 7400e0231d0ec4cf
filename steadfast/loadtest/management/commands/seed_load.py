import argparse

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from steadfast.loadtest import load


def _at_least(minimum):
    def parse(text):
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number.") from None
        if value < minimum:
            raise argparse.ArgumentTypeError(f"{value} is too small: at least {minimum}.")
        return value

    return parse


class Command(BaseCommand):
    help = (
        "Fill the database with N couples' realistic history of D days (ending today) and "
        "therapists with caseloads, for benchmarks. The same seed gives the same data."
    )

    def add_arguments(self, parser):
        parser.add_argument("--couples", type=_at_least(1), help="How many couples (N).")
        parser.add_argument("--days", type=_at_least(1), help="Days of history each (D).")
        parser.add_argument("--seed", type=_at_least(0), default=1)
        parser.add_argument(
            "--therapists",
            type=_at_least(1),
            help="How many therapists (default: one per 100 couples, at least one).",
        )
        parser.add_argument("--password", default=load.DEFAULT_PASSWORD)
        parser.add_argument(
            "--flush-load",
            action="store_true",
            help="First delete everything an earlier seed_load made (its load.* accounts).",
        )
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Run even with STEADFAST_ENV=production (the accounts share one password).",
        )

    def handle(self, *args, **options):
        if settings.PRODUCTION and not options["allow_production"]:
            raise CommandError(
                "seed_load makes accounts that share a known password: not in production "
                "(--allow-production if this is a benchmark server)."
            )
        couples, days = options["couples"], options["days"]
        if not options["flush_load"] and (couples is None or days is None):
            raise CommandError("Say how much to load: --couples N --days D.")
        if (couples is None) != (days is None):
            raise CommandError("--couples and --days go together.")
        for name in ("couples", "days", "therapists"):
            if options[name] is not None and options[name] < 1:  # call_command skips the parser
                raise CommandError(f"--{name} must be at least 1.")
        if len(options["password"]) < 10:
            raise CommandError("--password must be at least 10 characters.")
        if options["flush_load"]:
            gone = load.flush()
            self.stdout.write(f"Deleted {gone} load accounts and everything they held.")
        elif load.load_users().exists():
            raise CommandError(
                "Load data is already here (load.*@steadfast.test accounts exist). "
                "Run again with --flush-load to replace it."
            )
        if couples is None:
            return
        therapists = options["therapists"] or max(1, couples // 100)
        plan = load.Plan(
            couples=couples,
            days=days,
            seed=options["seed"],
            therapists=therapists,
            password=options["password"],
        )
        verbose = options["verbosity"] > 1
        loader = load.Loader(plan, say=self.stdout.write if verbose else None)
        report = loader.run()
        self._summary(plan, report)

    def _summary(self, plan, report):
        total = sum(report.rows.values())
        self.stdout.write(
            f"Loaded {plan.couples} couples x {plan.days} days and {plan.therapists} "
            f"therapist(s) (seed {plan.seed}) in {report.seconds:.1f} s "
            f"({report.cpu_seconds:.1f} s of CPU): {total:,} rows, "
            f"{total / max(report.seconds, 1e-9):,.0f} rows/s."
        )
        width = max(len(label) for label in report.rows)
        for label, count in sorted(report.rows.items()):
            self.stdout.write(f"  {label:<{width}} {count:>12,}")
        self.stdout.write(
            f"Log in as {load.person_email(0, 'a')} ... "
            f"{load.person_email(plan.couples - 1, 'b')}, therapists "
            f"{load.therapist_email(0)} ... {load.therapist_email(plan.therapists - 1)}; "
            + (
                f"password: {plan.password}"
                if plan.password == load.DEFAULT_PASSWORD
                else "password: the one given."
            )
        )
