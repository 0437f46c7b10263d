"""The people's basic digital-skills framework (versioned data: framework → groups →
skills, with provenance), each resident's attainments, the rule "has basic digital skills",
and the Citizen Learner indicators courses are tagged with.

A nested app (label `citizen_skills`) so its models and migrations stay apart from the
individual learning record in `citizen_profiles`. It knows nothing of courses: courses tag
themselves with its skills and call its services on completion."""
