"""Generate data/regions.yaml: UN member states (ISO 3166-1 alpha-3) mapped to UNCCD regions.

Run once by hand when the mapping changes; the YAML it writes is the reviewed artefact.
"""

from pathlib import Path

AFRICA = """DZA Algeria;AGO Angola;BEN Benin;BWA Botswana;BFA Burkina Faso;BDI Burundi;CPV Cabo Verde;CMR Cameroon;CAF Central African Republic;TCD Chad;COM Comoros;COG Congo;COD Democratic Republic of the Congo;CIV Côte d'Ivoire;DJI Djibouti;EGY Egypt;GNQ Equatorial Guinea;ERI Eritrea;SWZ Eswatini;ETH Ethiopia;GAB Gabon;GMB Gambia;GHA Ghana;GIN Guinea;GNB Guinea-Bissau;KEN Kenya;LSO Lesotho;LBR Liberia;LBY Libya;MDG Madagascar;MWI Malawi;MLI Mali;MRT Mauritania;MUS Mauritius;MAR Morocco;MOZ Mozambique;NAM Namibia;NER Niger;NGA Nigeria;RWA Rwanda;STP Sao Tome and Principe;SEN Senegal;SYC Seychelles;SLE Sierra Leone;SOM Somalia;ZAF South Africa;SSD South Sudan;SDN Sudan;TZA United Republic of Tanzania;TGO Togo;TUN Tunisia;UGA Uganda;ZMB Zambia;ZWE Zimbabwe"""
ASIA = """AFG Afghanistan;BHR Bahrain;BGD Bangladesh;BTN Bhutan;BRN Brunei Darussalam;KHM Cambodia;CHN China;PRK Democratic People's Republic of Korea;FJI Fiji;IND India;IDN Indonesia;IRN Iran (Islamic Republic of);IRQ Iraq;JOR Jordan;KAZ Kazakhstan;KIR Kiribati;KWT Kuwait;KGZ Kyrgyzstan;LAO Lao People's Democratic Republic;LBN Lebanon;MYS Malaysia;MDV Maldives;MHL Marshall Islands;FSM Micronesia (Federated States of);MNG Mongolia;MMR Myanmar;NRU Nauru;NPL Nepal;OMN Oman;PAK Pakistan;PLW Palau;PNG Papua New Guinea;PHL Philippines;QAT Qatar;KOR Republic of Korea;WSM Samoa;SAU Saudi Arabia;SGP Singapore;SLB Solomon Islands;LKA Sri Lanka;SYR Syrian Arab Republic;TJK Tajikistan;THA Thailand;TLS Timor-Leste;TON Tonga;TKM Turkmenistan;TUV Tuvalu;ARE United Arab Emirates;UZB Uzbekistan;VUT Vanuatu;VNM Viet Nam;YEM Yemen"""
LAC = """ATG Antigua and Barbuda;ARG Argentina;BHS Bahamas;BRB Barbados;BLZ Belize;BOL Bolivia (Plurinational State of);BRA Brazil;CHL Chile;COL Colombia;CRI Costa Rica;CUB Cuba;DMA Dominica;DOM Dominican Republic;ECU Ecuador;SLV El Salvador;GRD Grenada;GTM Guatemala;GUY Guyana;HTI Haiti;HND Honduras;JAM Jamaica;MEX Mexico;NIC Nicaragua;PAN Panama;PRY Paraguay;PER Peru;KNA Saint Kitts and Nevis;LCA Saint Lucia;VCT Saint Vincent and the Grenadines;SUR Suriname;TTO Trinidad and Tobago;URY Uruguay;VEN Venezuela (Bolivarian Republic of)"""
NMED = """CYP Cyprus;GRC Greece;ITA Italy;MLT Malta;PRT Portugal;ESP Spain;TUR Türkiye;ISR Israel"""
CEE = """ALB Albania;ARM Armenia;AZE Azerbaijan;BLR Belarus;BIH Bosnia and Herzegovina;BGR Bulgaria;HRV Croatia;CZE Czechia;EST Estonia;GEO Georgia;HUN Hungary;LVA Latvia;LTU Lithuania;MNE Montenegro;MKD North Macedonia;POL Poland;MDA Republic of Moldova;ROU Romania;RUS Russian Federation;SRB Serbia;SVK Slovakia;SVN Slovenia;UKR Ukraine"""
OTHER = """AND Andorra;AUS Australia;AUT Austria;BEL Belgium;CAN Canada;DNK Denmark;FIN Finland;FRA France;DEU Germany;ISL Iceland;IRL Ireland;JPN Japan;LIE Liechtenstein;LUX Luxembourg;MCO Monaco;NLD Netherlands;NZL New Zealand;NOR Norway;SMR San Marino;SWE Sweden;CHE Switzerland;GBR United Kingdom of Great Britain and Northern Ireland;USA United States of America"""
# Where annex membership is not a plain matter of geography (declared affected Parties,
# countries that joined an annex later), the mapping is marked as an estimate.
UNCERTAIN = {
    "ISR",
    "CYP",
    "MLT",
    "AZE",
    "GEO",
    "EST",
    "LTU",
    "CZE",
    "SVK",
    "BLR",
    "RUS",
    "UKR",
    "SVN",
    "HRV",
    "SRB",
    "MNE",
    "BIH",
}

# GDP price-level ratios to the US (PPP conversion factor / market exchange rate), 2008, as
# published in the World Bank's African Development Indicators (source id adi_2008).
ADI_2008 = {
    "LBY": 1.03,
    "CPV": 0.99,
    "ZMB": 0.84,
    "GNQ": 0.83,
    "AGO": 0.78,
    "COG": 0.75,
    "COM": 0.70,
    "GAB": 0.69,
    "CIV": 0.69,
    "NGA": 0.67,
    "SDN": 0.66,
    "NAM": 0.64,
    "DZA": 0.63,
    "MAR": 0.63,
    "STP": 0.62,
    "SEN": 0.61,
    "CAF": 0.61,
    "MLI": 0.61,
    "LBR": 0.59,
    "CMR": 0.56,
    "MUS": 0.56,
    "KEN": 0.56,
    "ZAF": 0.56,
    "COD": 0.56,
    "BEN": 0.53,
    "NER": 0.53,
    "TGO": 0.53,
    "ERI": 0.52,
    "MOZ": 0.52,
    "TCD": 0.52,
    "BWA": 0.51,
    "GNB": 0.51,
    "LSO": 0.51,
    "TUN": 0.49,
    "DJI": 0.48,
    "GHA": 0.48,
    "SLE": 0.46,
    "BFA": 0.45,
    "MDG": 0.45,
    "RWA": 0.45,
    "SWZ": 0.45,
    "SYC": 0.45,
    "UGA": 0.39,
    "BDI": 0.38,
    "ETH": 0.38,
    "TZA": 0.38,
    "EGY": 0.37,
    "GIN": 0.36,
    "MWI": 0.36,
    "GMB": 0.35,
}
AFRICA_MEDIAN = sorted(ADI_2008.values())[len(ADI_2008) // 2 - 1 : len(ADI_2008) // 2 + 1]

groups = [
    ("africa", AFRICA),
    ("asia_pacific", ASIA),
    ("latin_america_caribbean", LAC),
    ("northern_mediterranean", NMED),
    ("central_eastern_europe", CEE),
    ("other", OTHER),
]
rows = []
for region, text in groups:
    for item in text.split(";"):
        code, name = item.split(" ", 1)
        rows.append((code, name, region))
assert len(rows) == 193, len(rows)
assert len({r[0] for r in rows}) == 193


def q(s):
    return '"' + s.replace('"', '\\"') + '"'


out = [
    "# yaml-language-server: $schema=../schema/regions.schema.json",
    "# UNCCD regions and the 193 UN member states. Generated by tools/make_regions.py; edit there.",
    "# cost_level is a price-level ratio to the United States (US = 1.0): labour-heavy costs observed",
    "# in one place are scaled by the ratio of the site's level to the level where they were observed.",
    "regions:",
]
REGIONS = [
    ("africa", "Africa", "Annex I", round(sum(AFRICA_MEDIAN) / 2, 2), ""),
    ("asia_pacific", "Asia and the Pacific", "Annex II", 0.45, ""),
    ("latin_america_caribbean", "Latin America and the Caribbean", "Annex III", 0.55, ""),
    ("northern_mediterranean", "Northern Mediterranean", "Annex IV", 0.75, ""),
    ("central_eastern_europe", "Central and Eastern Europe", "Annex V", 0.50, ""),
    ("other", "Other countries (no regional annex)", None, 1.00, ""),
]
ZH = {
    "africa": "非洲",
    "asia_pacific": "亚洲及太平洋",
    "latin_america_caribbean": "拉丁美洲和加勒比",
    "northern_mediterranean": "北地中海",
    "central_eastern_europe": "中欧和东欧",
    "other": "其他国家",
}
for rid, name, annex, level, _ in REGIONS:
    out.append(f"  - id: {rid}")
    out.append(f"    name: {q(name)}")
    out.append(f"    unccd_annex: {q(annex) if annex else 'null'}")
    out.append(f"    cost_level: {level}")
    if rid == "africa":
        out.append("    source: adi_2008")
        out.append("    estimate: true")
        out.append(
            '    note: "Median of the 2008 price-level ratios of the 50 African countries listed in the African Development Indicators (adi_2008); used for African countries without their own figure."'
        )
    else:
        out.append("    source: icp_2021")
        out.append("    estimate: true")
        out.append(
            '    note: "Rounded judgement of the typical GDP price-level ratio to the US of the region\'s countries, read from the ICP 2021 results (price levels are lower in lower-income economies); replace with country figures (World Bank PA.NUS.PPPC.RF) in a national catalogue."'
        )
    out.append(f"    translations: {{zh: {{name: {ZH[rid]}}}}}")
out.append("countries:")
for code, name, region in rows:
    est = "true" if code in UNCERTAIN else "false"
    level = f", cost_level: {ADI_2008[code]}, cost_level_source: adi_2008, cost_level_year: 2008" if code in ADI_2008 else ""
    out.append(f"  - {{iso3: {code}, name: {q(name)}, region: {region}{level}, source: unccd_regions, estimate: {est}}}")
out += [
    "sources:",
    '  - {id: unccd_regions, title: "UNCCD regional implementation annexes (Annexes I-V) and the country Parties of each region", author: UNCCD, year: 2024, url: "https://www.unccd.int/convention/regions"}',
    '  - {id: icp_2021, title: "Purchasing Power Parities and the Size of World Economies: Results from the 2021 International Comparison Program", author: World Bank, year: 2024, url: "https://www.worldbank.org/en/programs/icp"}',
    '  - {id: adi_2008, title: "PPP conversion factor (GDP) to market exchange rate ratio, African Development Indicators (2008), from the World Bank International Comparison Program database", author: World Bank, year: 2008, url: "http://www.nationsencyclopedia.com/WorldStats/ADI-prices-ppp-conversion-factor-ratio.html"}',
    '  - {id: un_members, title: "Member States of the United Nations", author: United Nations, year: 2024, url: "https://www.un.org/en/about-us/member-states"}',
]
Path(__file__).resolve().parents[1].joinpath("data", "regions.yaml").write_text("\n".join(out) + "\n", encoding="utf-8")
print("wrote", len(rows), "countries")
