"""Small routes and itineraries for the exporter tests, built from real places.

Positions (WGS84) and their sources:

* Kon Tum Wooden Church (Nhà thờ Gỗ Kon Tum), 14.3466 N 108.0093 E — data/README.md;
  Kon Tum city itself is at 14.383 N 107.983 E (en.wikipedia "Kon Tum").
* Măng Đen township, 14.60028 N 108.29083 E (vi.wikipedia "Măng Đen"); 54 km from Kon Tum
  city along QL24 (thuonghieu.tourism.vn, "Mang Den Ecotourism Area").
* Bờ Y international border gate, 14.705320 N 107.562192 E, and Phou Keua gate,
  14.707286 N 107.552309 E (vi.wikipedia "Cửa khẩu Bờ Y"); QL40 ends at Bờ Y.
* Attapeu (Samakkhixay), 14.8 N 106.833 E (en.wikipedia "Attapeu province"); Road 18B runs
  111 km from Attapeu to the Bờ Y gate (VNA, 5 June 2006, quoted on gt-rider.com).

Where no road distance is published, a leg's ``km`` is the geodesic distance between its
ends (a lower bound, marked below) and ``minutes`` assume 40 km/h; the exporters only
carry these figures through, they do not compute them. Leg geometries are the sourced
points above, in order, not a traced road line.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from types import MappingProxyType
from zoneinfo import ZoneInfo

from geopy.distance import geodesic
from shared_files import shared_path

from tourlink.itinerary import Day, Itinerary, Stop, TripRequest
from tourlink.model import Assumption, BorderCrossing, CrossingPass, Leg, Route, Site

CHURCH = (14.3466, 108.0093)
MANG_DEN = (14.60028, 108.29083)
BO_Y = (14.705320, 107.562192)
PHOU_KEUA = (14.707286, 107.552309)
ATTAPEU = (14.8, 106.833)
VIENTIANE = ZoneInfo("Asia/Vientiane")


def _site(site_id: str, name: str, name_en: str, at: tuple[float, float], **kw: object) -> Site:
    lao = kw.get("country") == "LA"
    fields: dict[str, object] = {
        "country": "VN",
        "zone": "kon-tum-city",
        "region": site_id,
        "admin": "",
        "admin_former": "",
        "kind": "attraction",
        "categories": ("culture",),
        "visit_minutes": 45,
        "opening_hours": "24/7",
        "interest": 7.0,
        "interest_reason": "test fixture",
        "description": "",
        "description_en": "",
        "overnight": False,
        "timezone": "Asia/Vientiane" if lao else "Asia/Ho_Chi_Minh",
    }
    fields.update(kw)
    return Site(site_id, name, name_en, at[0], at[1], **fields)  # type: ignore[arg-type]


SITES: MappingProxyType[str, Site] = MappingProxyType(
    {
        "kon-tum-wooden-church": _site(
            "kon-tum-wooden-church",
            "Nhà thờ Gỗ Kon Tum",
            "Kon Tum Wooden Church",
            CHURCH,
            admin="phường Kon Tum, tỉnh Quảng Ngãi",
            categories=("religion", "history"),
            opening_hours="Mo-Su 05:00-20:00",
            sources=("https://vi.wikipedia.org/wiki/Nhà_thờ_chính_tòa_Kon_Tum",),
            assumptions=(Assumption("opening_hours", "visiting hours not published; assumed"),),
        ),
        "mang-den": _site(
            "mang-den",
            "Măng Đen",
            "Mang Den",
            MANG_DEN,
            zone="mang-den",
            kind="town",
            admin="xã Măng Đen, tỉnh Quảng Ngãi",
            overnight=True,
            sources=("https://vi.wikipedia.org/wiki/Măng_Đen",),
        ),
        "attapeu": _site(
            "attapeu",
            "ອັດຕະປື",
            "Attapeu",
            ATTAPEU,
            country="LA",
            zone="southern-laos",
            kind="town",
            admin="Samakkhixay, Attapeu",
            overnight=True,
            sources=("https://en.wikipedia.org/wiki/Attapeu_province",),
        ),
    }
)

BO_Y_CROSSING = BorderCrossing(
    id="bo-y-phou-keua",
    name="Bờ Y – Phou Keua international border gate",
    source="n-bo-y-gate-vn",
    target="n-phou-keua-gate-la",
    km=1.0,
    countries=("VN", "LA"),
    opening_hours="Mo-Su 07:00-17:00",
    formalities_minutes=45,
    traveller_documents=("passport valid 6 months",),
    vehicle_documents=("cross-border permit",),
    travellers="all nationalities",
    modes=frozenset({"car"}),
    open_to_tourists=True,
    timezone="Asia/Ho_Chi_Minh",
    sources=("https://vi.wikipedia.org/wiki/Cửa_khẩu_Bờ_Y",),
    assumptions=(Assumption("opening_hours", "gate hours assumed from press reports"),),
)


def km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Return the geodesic distance in km (a lower bound on the road distance)."""
    return round(float(geodesic(a, b).km), 1)


def leg(
    road: str, source: str, target: str, *points: tuple[float, float], length: float | None = None
) -> Leg:
    """Return a leg through ``points``; ``length`` defaults to the geodesic distance."""
    dist = length if length is not None else km(points[0], points[-1])
    return Leg(road, source, target, dist, round(dist / 40 * 60, 1), tuple(points))


def timed_route(depart: dt.datetime | None = dt.datetime(2026, 12, 3, 7, 0)) -> Route:
    """Return Kon Tum Wooden Church → Attapeu across Bờ Y, leaving at ``depart``."""
    legs = (
        leg("QL40", "kon-tum-wooden-church", "n-bo-y-gate-vn", CHURCH, BO_Y),  # geodesic km
        leg(
            "Bờ Y – Phou Keua", "n-bo-y-gate-vn", "n-phou-keua-gate-la", BO_Y, PHOU_KEUA, length=1.0
        ),
        leg("18B", "n-phou-keua-gate-la", "attapeu", PHOU_KEUA, ATTAPEU, length=111.0),
    )
    total_km = sum(x.km for x in legs)
    minutes = sum(x.minutes for x in legs) + BO_Y_CROSSING.formalities_minutes
    at_gate = None if depart is None else depart + dt.timedelta(minutes=legs[0].minutes)
    passed = CrossingPass(
        BO_Y_CROSSING,
        ("VN", "LA"),
        arrive=at_gate,
        depart=None if at_gate is None else at_gate + dt.timedelta(minutes=45),
    )
    return Route(
        origin="kon-tum-wooden-church",
        destination="attapeu",
        mode="car",
        legs=legs,
        km=total_km,
        minutes=minutes,
        geometry=(CHURCH, BO_Y, PHOU_KEUA, ATTAPEU),
        roads=("QL40", "Bờ Y – Phou Keua", "18B"),
        crossings=(passed,),
        depart=depart,
        arrive=None if depart is None else depart + dt.timedelta(minutes=minutes),
        warnings=("Border documents: passports and the vehicle's cross-border permit.",),
        nodes=("kon-tum-wooden-church", "n-bo-y-gate-vn", "n-phou-keua-gate-la", "attapeu"),
    )


def _day1() -> Day:
    """Kon Tum: visit the church (no drive to it: the trip starts there), drive to Măng Đen.

    Times are naive (local time, Asia/Ho_Chi_Minh).
    """
    d = dt.date(2026, 12, 1)

    def at(hour: int, minute: int) -> dt.datetime:
        return dt.datetime.combine(d, dt.time(hour, minute))

    ql24 = leg("QL24", "kon-tum-wooden-church", "mang-den", CHURCH, MANG_DEN, length=54.0)
    access = leg("access road", "mang-den", "mang-den", MANG_DEN, MANG_DEN, length=0.1)
    church = Stop(
        "kon-tum-wooden-church", at(7, 30), at(7, 30), at(8, 15), 9.0, "Sunday mass times differ"
    )
    return Day(
        date=d,
        start_site="kon-tum-wooden-church",
        depart=at(7, 30),
        stops=(church,),
        overnight="mang-den",
        arrive=at(9, 37),
        drives=((), (ql24, access)),
        km=54.1,
        drive_minutes=81.2,
        lunch=(at(11, 30), at(12, 30), "mang-den"),
        notes=("Night in Măng Đen: the only overnight town on QL24.",),
    )


def _day2() -> Day:
    """Măng Đen → Attapeu across Bờ Y; times are aware (UTC and Asia/Vientiane)."""
    d = dt.date(2026, 12, 2)
    to_gate = leg("QL40", "mang-den", "n-bo-y-gate-vn", MANG_DEN, BO_Y)  # geodesic km
    gate = leg(
        "Bờ Y – Phou Keua", "n-bo-y-gate-vn", "n-phou-keua-gate-la", BO_Y, PHOU_KEUA, length=1.0
    )
    road_18b = leg("18B", "n-phou-keua-gate-la", "attapeu", PHOU_KEUA, ATTAPEU, length=111.0)
    legs = (to_gate, gate, road_18b)
    depart = dt.datetime(2026, 12, 2, 0, 30, tzinfo=dt.UTC)  # 07:30 local
    arrive = dt.datetime(2026, 12, 2, 14, 0, tzinfo=VIENTIANE)
    visit = Stop("attapeu", arrive, arrive, arrive + dt.timedelta(hours=1), 5.0)
    return Day(
        date=d,
        start_site="mang-den",
        depart=depart,
        stops=(visit,),
        overnight="attapeu",
        arrive=visit.depart,
        drives=(legs, ()),
        km=sum(x.km for x in legs),
        drive_minutes=sum(x.minutes for x in legs),
        crossings=("bo-y-phou-keua",),
    )


def itinerary() -> Itinerary:
    """Return a 2-day trip: Kon Tum → Măng Đen, then Măng Đen → Attapeu (Laos)."""
    request = TripRequest(
        start="kon-tum-wooden-church", start_date=dt.date(2026, 12, 1), days=2, end="attapeu"
    )
    days = (_day1(), _day2())
    return Itinerary(
        request=request,
        days=days,
        score=14.0,
        km=sum(d.km for d in days),
        drive_minutes=sum(d.drive_minutes for d in days),
        fees={},
        warnings=("Bờ Y gate hours are assumed (07:00-17:00): check before travel.",),
    )


def shared_schemas(folder: str) -> Path:
    """Return ``../shared/schemas/<folder>``; skip the test where it is absent (fail on CI)."""
    return shared_path("schemas", folder)
