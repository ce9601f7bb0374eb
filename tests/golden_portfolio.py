"""A small synthetic portfolio that exercises every contribution rule: the second input of the golden outputs."""

from builders import ind, prog

__all__ = ["DOCS"]


def _v(value, end, **extra):
    return {"value": value, "end": end, **extra}


DOCS = [
    prog(
        "alpha",
        [
            ind("alpha.reached", values=[_v(100, "2022-12-31"), _v(250, "2023-12-31"), _v(30, "2024-06-30")]),
            ind(
                "alpha.trained",
                common="people-trained",
                disaggregation=["sex"],
                values=[
                    _v(80, "2023-12-31"),
                    _v(50, "2023-12-31", disaggregation={"sex": "female"}),
                    _v(30, "2023-12-31", disaggregation={"sex": "male"}),
                ],
            ),
            ind(
                "alpha.share",
                common="survivor-support-rate",
                measure="percentage",
                unit="percent",
                values=[_v(40, "2023-12-31", numerator=40, denominator=100)],
            ),
            ind("alpha.km", common="people-reached", unit="kilometres", values=[_v(12, "2023-12-31")]),
        ],
        area=1,
        countries=("KEN", "UGA"),
        gcm=[7],
        start="2022-01-01",
        end="2024-12-31",
    ),
    prog(
        "beta",
        [
            ind(
                "beta.reached",
                cumulative=False,
                values=[
                    _v(500, "2023-06-30", start="2023-01-01", source="report-a", quote="500 people"),
                    _v(520, "2023-06-30", start="2023-01-01", source="report-b", quote="520 people"),
                    _v("over 300", "2023-12-31", start="2023-07-01"),
                ],
                targets=[{"value": 2000, "date": "2024-12-31"}],
                baseline={"value": 0, "date": "2022-01-01"},
            ),
            ind(
                "beta.share",
                common="survivor-support-rate",
                measure="percentage",
                unit="percent",
                values=[_v("62%", "2023-12-31")],
            ),
            ind(
                "beta.policy",
                common="policy-stage",
                measure="ordinal",
                unit="stage",
                scale=["developed", "adopted"],
                values=[_v("developed", "2023-12-31")],
            ),
            ind(
                "beta.referral",
                common="structures-in-place",
                measure="yes-no",
                unit=None,
                values=[_v("yes", "2023-12-31")],
            ),
            ind(
                "beta.story",
                common="narrative-results",
                measure="qualitative",
                unit=None,
                values=[_v("a story", "2023-12-31")],
            ),
        ],
        area=2,
        countries=("TJK",),
        gcm=[7, 10],
        start="2022-01-01",
        duration_months=36,
    ),
    prog(
        "gamma",
        [ind("gamma.reached", values=[_v(40, "2023-12-31")], targets=[{"value": 100, "date": "2025-12-31"}])],
        area=None,
        countries=(),
        sdg=["10.7"],
    ),
]
