"""Quiz questions: ``/// quiz`` blocks (:mod:`.syntax`), their markup (:mod:`.render`) and the
proof that a ``verify:`` question's key is what its program really does (:mod:`.verify`)."""

from kmf_site.quiz.render import LETTERS, render_page, render_question
from kmf_site.quiz.syntax import (
    DIFFICULTIES,
    SECTIONS,
    Option,
    Question,
    QuizError,
    final_answer_problem,
    names_option,
    parse_file,
    parse_quizzes,
)
from kmf_site.quiz.verify import (
    check_code_answers,
    code_questions,
    option_claim,
    outcome_of,
    picked_options,
    program_of,
    run_in_cpython,
    shown_answers,
    verify_code_answers,
)

__all__ = [
    "DIFFICULTIES",
    "LETTERS",
    "SECTIONS",
    "Option",
    "Question",
    "QuizError",
    "check_code_answers",
    "final_answer_problem",
    "names_option",
    "code_questions",
    "option_claim",
    "outcome_of",
    "picked_options",
    "program_of",
    "shown_answers",
    "parse_file",
    "parse_quizzes",
    "render_page",
    "render_question",
    "run_in_cpython",
    "verify_code_answers",
]
