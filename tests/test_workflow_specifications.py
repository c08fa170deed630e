"""Every workflow's permission map matches its specification.md, cell by cell."""

from eiso.testing import EISO_INTEGRATION_TESTING
from eiso.workflows.specification import compare
from eiso.workflows.specification import compare_transitions
from eiso.workflows.specification import parse
from eiso.workflows.specification import parse_transitions
from eiso.workflows.specification import specification_files
from plone import api

import unittest


class TestWorkflowSpecifications(unittest.TestCase):
    layer = EISO_INTEGRATION_TESTING

    def test_there_are_specifications(self):
        self.assertIn("eiso_internal_workflow", dict(specification_files()))
        self.assertIn("eiso_approval_workflow", dict(specification_files()))

    def test_every_workflow_matches_its_specification(self):
        workflows = api.portal.get_tool("portal_workflow")
        for workflow_id, path in specification_files():
            with self.subTest(workflow=workflow_id):
                specification = parse(path.read_text(encoding="utf-8"))
                self.assertTrue(specification, f"{path}: no state tables found")
                cells = sum(len(roles) for perms in specification.values() for roles in perms.values())
                self.assertGreater(cells, 0)
                self.assertEqual(compare(workflows[workflow_id], specification), [])

    def test_every_transition_matches_its_specification(self):
        workflows = api.portal.get_tool("portal_workflow")
        for workflow_id, path in specification_files():
            with self.subTest(workflow=workflow_id):
                workflow = workflows[workflow_id]
                transitions = parse_transitions(path.read_text(encoding="utf-8"))
                if workflow.transitions.objectIds():
                    self.assertTrue(transitions, f"{path}: no transition table found")
                self.assertEqual(compare_transitions(workflow, transitions), [])

    def test_checker_finds_a_wrong_transition(self):
        workflows = api.portal.get_tool("portal_workflow")
        path = dict(specification_files())["eiso_approval_workflow"]
        transitions = parse_transitions(path.read_text(encoding="utf-8"))
        self.assertEqual(transitions["submit"]["to"], "pending")
        transitions["approve"]["roles"].discard("Leader")
        transitions["reject"]["to"] = "draft"
        transitions["apply"]["from"].add("pending")
        del transitions["supersede"]
        problems = compare_transitions(workflows["eiso_approval_workflow"], transitions)
        self.assertEqual(len(problems), 4, problems)
        self.assertIn("transition supersede: in definition.xml, not in specification.md", problems)

    def test_checker_finds_a_wrong_cell(self):
        workflows = api.portal.get_tool("portal_workflow")
        path = dict(specification_files())["eiso_internal_workflow"]
        specification = parse(path.read_text(encoding="utf-8"))
        specification["internal"]["View"]["Anonymous"] = True
        specification["internal"]["Delete objects"]["Manager"] = False
        problems = compare(workflows["eiso_internal_workflow"], specification)
        self.assertIn("internal: Anonymous should have 'View'", problems)
        self.assertIn("internal: Manager should not have 'Delete objects'", problems)
        del specification["internal"]["List folder contents"]
        problems = compare(workflows["eiso_internal_workflow"], specification)
        self.assertIn(
            "internal: permission 'List folder contents' managed but not specified", problems
        )
