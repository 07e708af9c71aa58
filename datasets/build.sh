#!/usr/bin/env bash
# Rebuild datasets/ from the published files in datasets/sources/ with rbm's
# own ingest. Run from the project root:  bash datasets/build.sh
#
# Files are given newest release first: where two releases disagree on a
# value, the one ingested first is kept and the other is listed as a reject.
# Each step prints read / accepted / rejected / merged per file; pass
# REJECTS=DIR to keep every rejected row with its file, line and reason.
#
# For tests and audits: RBM=PATH runs that rbm binary instead of
# `cargo run --release`, and DATA=DIR writes the store into DIR instead of
# datasets/. Relative paths in RBM, DATA and REJECTS are taken from the
# folder the script is started in. The inputs are always named by their
# paths under datasets/sources/ (inputs.csv records them so), wherever the
# store is written.
set -euo pipefail
start=$PWD
from_start() { case $1 in /*) printf '%s' "$1" ;; *) printf '%s/%s' "$start" "$1" ;; esac; }
# A bare command name (no slash) is looked up on PATH, as the shell would.
if [ -n "${RBM:-}" ] && [[ $RBM == */* ]]; then RBM=$(from_start "$RBM"); fi
if [ -n "${DATA:-}" ]; then DATA=$(from_start "$DATA"); fi
if [ -n "${REJECTS:-}" ]; then REJECTS=$(from_start "$REJECTS"); fi
cd "$(dirname "$0")/.."
D=datasets/sources
OUT=${DATA:-datasets}
rbm() {
  if [ -n "${RBM:-}" ]; then "$RBM" --data "$OUT" "$@"; else cargo run --release --quiet -- --data "$OUT" "$@"; fi
}
rej() { if [ -n "${REJECTS:-}" ]; then mkdir -p "$REJECTS"; echo "--rejects $REJECTS/$1.csv"; fi; }

# 1. The classification (country codes, ITU regions, population, household
#    size) and the ITU DataHub exports (about December 2025).
rbm ingest --classifications "$D" --vintage 2025-12 $(rej datahub) \
  "$D/itu-datahub/households_internet_access.csv" \
  "$D/itu-datahub/individuals_using_internet.csv" \
  "$D/itu-datahub/fixed_broadband_price_5gb.csv" \
  "$D/itu-datahub/data_only_mobile_broadband_basket_5gb.csv" \
  "$D/itu-datahub/population_coverage_mobile_network.csv" \
  "$D/itu-datahub/mobile_phone_ownership.csv" \
  "$D/itu-datahub/fixed_broadband_subscriptions.csv" \
  "$D/itu-datahub/active_mobile_broadband_subscriptions.csv"

# 2. Figures entered by hand from publications, each row with its source.
rbm ingest --append $(rej cited) datasets/cited/*.csv

# 3. ITU's Key ICT indicators aggregates (November 2024).
rbm ingest --append $(rej itu-aggregates) \
  "$D/itu-workbooks/ITU_regional_global_Key_ICT_indicator_aggregates_Nov_2024.xlsx"

# 4. The UN SDG Global Database extract (December 2023 release).
rbm ingest --append --vintage 2023-12 $(rej un-sdg-2023-12) \
  "$D"/un-sdg/ddf--datapoints--it_use_ii99--*.csv \
  "$D"/un-sdg/ddf--datapoints--it_mob_own--*.csv \
  "$D"/un-sdg/ddf--datapoints--it_net_bbnd--*.csv \
  "$D"/un-sdg/ddf--datapoints--en_ewt_rcyr--*.csv
# Not en_ewt_genv of this release: its country values mix units under the
# label "tonnes" (Austria 2014: 76.7, where the 2020-10 release has 165,081;
# the Philippines 2011: 283,643,531). The 2020-10 release's is used below.

# 5. The ITU Digital Development Dashboard (January 2022).
rbm ingest --append $(rej itu-dashboard) \
  "$D/itu-workbooks/ITU_Digital_Development_Dashboard_dataset_January_2022.xlsx"

# 6. The UN SDG extract's October 2020 release (Global E-waste Monitor 2020).
rbm ingest --append $(rej un-sdg-2020-10) \
  "$D"/un-sdg/vintage_2020-10/ddf--datapoints--en_ewt_rcyr--*.csv \
  "$D"/un-sdg/vintage_2020-10/ddf--datapoints--en_ewt_genv--*.csv
