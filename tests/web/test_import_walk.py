"""Ada (admin) imports patients from the practice system's CSV export (issue 15): the dry run
reports each line (a bad birth date named), applying creates the patients, and checking the
same file again finds nothing to change. axe at 1280 and 375 px."""
from __future__ import annotations

import uuid

from playwright.sync_api import expect

from tests.web.steps import heading, open_menu_item, sign_in
from tests.web.test_front_desk_chart import axe_both_widths


def dry_run_import(page, csv_file, expected_totals: str):
    """Ada opens Import patients, chooses the file and checks it: the totals line, as expected."""
    sign_in(page, "admin")
    open_menu_item(page, "Import patients")
    heading(page, "Import patients")
    page.get_by_label("CSV file").set_input_files(str(csv_file))
    page.get_by_role("button", name="Check the file (dry run)").click()
    totals = page.get_by_test_id("import-totals")
    expect(totals).to_contain_text(expected_totals)
    return totals


def test_ada_dry_runs_then_applies_a_csv_import(portal, new_page, shot, tmp_path):
    tag = uuid.uuid4().hex[:6]
    csv_file = tmp_path / "patients.csv"
    csv_file.write_text("MRN,First Name,Last Name,DOB,Gender,Email,Mobile\n"
                        f"W{tag}-1,Wren,Walkthrough{tag},02/03/1975,F,wren.{tag}@example.org,(312) 555-0188\n"
                        f"W{tag}-2,Wade,Walkthrough{tag},1988-08-08,M,,\n"
                        f"W{tag}-3,Wes,Walkthrough{tag},1988-02-31,M,,\n")
    page = new_page()
    totals = dry_run_import(page, csv_file, "2 new, 0 updated, 0 unchanged, 1 with errors (dry run")
    expect(page.get_by_role("row").filter(has_text=f"W{tag}-3")).to_contain_text("birth date")
    axe_both_widths(page, "import dry run")
    shot(page, "dry-run")
    page.get_by_role("button", name="Apply the import").click()
    expect(totals).to_contain_text("2 new, 0 updated, 0 unchanged, 1 with errors — applied.")
    expect(page.get_by_role("button", name="Apply the import")).to_be_disabled()
    shot(page, "applied")
    page.get_by_role("button", name="Check the file (dry run)").click()
    expect(totals).to_contain_text("0 new, 0 updated, 2 unchanged, 1 with errors")
    shot(page, "again")
    # The batch panel counts the patients waiting (queuing them is tests/test_invite_batches.py).
    expect(page.get_by_test_id("batch-status")).to_contain_text("waiting for a first invitation")
