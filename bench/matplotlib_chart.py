"""The T01 target chart of benches/charts.rs drawn with matplotlib (Agg, DejaVu Sans, 1200x700 PNG): the same
figures, goal line, forecast path, markers, labels, legend and footnote. Prints the median time of one chart,
rendering and PNG encoding included, and the file size."""

import io
import statistics
import sys
import time

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

YEARS = [2020, 2021, 2022, 2023, 2024]
OFFICIAL = [58.5, 62.1, 68.4, 74.0, 80.6]


def draw() -> bytes:
    fig = plt.figure(figsize=(12, 7), dpi=100)
    fig.text(0.017, 0.95, "T01 · Thu nhập bình quân đầu người", fontsize=20, fontweight="bold", va="top")
    fig.text(0.017, 0.895, "Mục tiêu 2025: > 90 triệu đồng/người/năm", fontsize=13, color="#555555", va="top")
    fig.text(0.017, 0.857, "Dự báo năm 2025: 87,32 triệu đồng/người/năm · tăng bình quân thực tế 8,34%/năm · "
             "cần 11,66%/năm từ nay · Tiến độ 70%", fontsize=13, color="#555555", va="top")
    fig.text(0.98, 0.95, "Cần đẩy nhanh", fontsize=15, fontweight="bold", va="top", ha="right",
             bbox=dict(facecolor="#DDAA33", edgecolor="none", pad=8))
    ax = fig.add_axes([0.09, 0.12, 0.88, 0.66])
    ax.plot(YEARS, OFFICIAL, color="#114488", linewidth=3, marker="o", markersize=9, label="số chính thức")
    ax.plot([2024], [81.2], linestyle="none", marker="o", markersize=9, markerfacecolor="white",
            markeredgecolor="#114488", markeredgewidth=2.5, label="số ước thực hiện")
    ax.plot([2024, 2025], [80.6, 87.32], color="#DDAA33", linewidth=3, linestyle=":", label="dự báo")
    ax.plot([2025], [87.32], marker="o", markersize=10, markerfacecolor="white", markeredgecolor="#DDAA33")
    ax.axhline(90, color="#AA3377", linewidth=2, linestyle="--")
    ax.text(2025.4, 90.6, "Mục tiêu 2025: > 90", color="#AA3377", fontweight="bold", ha="right")
    for x, y in zip(YEARS, OFFICIAL):
        ax.annotate(f"{y:.1f}".replace(".", ","), (x, y), textcoords="offset points", xytext=(0, 10), ha="center")
    ax.annotate("87,3", (2025, 87.32), textcoords="offset points", xytext=(-12, 6), ha="right", fontweight="bold")
    ax.set_xlim(2019.5, 2025.5)
    ax.set_ylim(54, 95)
    ax.set_xticks(range(2020, 2026))
    ax.set_ylabel("triệu đồng/người/năm", color="#555555")
    ax.grid(axis="y", color="#DDDDDD")
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.legend(loc="upper left", frameon=False, ncol=3)
    fig.text(0.017, 0.02, "Nguồn: Chi cục Thống kê huyện Cẩm Giàng · Đánh giá đến năm 2024 · Nghị quyết Đại hội "
             "Đảng bộ huyện Cẩm Giàng lần thứ XXVI, nhiệm kỳ 2020-2025", fontsize=10, color="#555555")
    out = io.BytesIO()
    fig.savefig(out, format="png")
    plt.close(fig)
    return out.getvalue()


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 40
    sample = sys.argv[2] if len(sys.argv) > 2 else None
    for _ in range(3):
        png = draw()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        png = draw()
        times.append(time.perf_counter() - start)
    if sample:
        with open(sample, "wb") as f:
            f.write(png)
    print(f"{statistics.median(times) * 1000:.3f} {len(png)}")


if __name__ == "__main__":
    main()
