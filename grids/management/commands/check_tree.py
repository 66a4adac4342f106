from django.core.management.base import BaseCommand, CommandError

from grids.tree import find_tree_problems, repair_trees


class Command(BaseCommand):
    help = "Verify the area tree's lft/rght/level numbers; --repair renumbers from parent links."

    def add_arguments(self, parser):
        parser.add_argument("--repair", action="store_true", help="rebuild the trees if broken")

    def handle(self, *args, repair: bool = False, **options):
        problems = find_tree_problems()
        if not problems:
            self.stdout.write(self.style.SUCCESS("The area tree is consistent."))
            return
        for problem in problems:
            self.stdout.write(problem)
        if not repair:
            raise CommandError(f"{len(problems)} problem(s) found; run with --repair to rebuild.")
        repair_trees()
        left = find_tree_problems()
        if left:
            raise CommandError(f"Repair left {len(left)} problem(s): {left[:5]}")
        self.stdout.write(self.style.SUCCESS(f"Repaired {len(problems)} problem(s)."))
