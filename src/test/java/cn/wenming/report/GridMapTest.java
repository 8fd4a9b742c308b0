package cn.wenming.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Routing by the shipped grid (config/grids): point in polygon, then up the tree for the group's unit. */
class GridMapTest {

    private static final GridMap GRID = new GridMap(new ReportProperties(Path.of("config/report-categories.yml"),
            Path.of("config/grids"), "市创城办", Path.of("target/unused"),
            ReportProperties.PhotoStorage.FOLDER, null, 10, null, 100, null, 3, 52_000_000L, 6, 500, "k", List.of(), "t"));

    @ParameterizedTest(name = "{0},{1} {2} → {3}")
    @CsvSource({
        // community-level group: each of the six communities has its own 居委会
        "28.245, 112.91,  社区治理, 柳岸社区居委会, 柳岸社区",
        "28.245, 112.93,  社区治理, 荷风社区居委会, 荷风社区",
        "28.2282, 112.9388, 社区治理, 书香社区居委会, 书香社区",
        "28.245, 112.95,  社区治理, 青石社区居委会, 青石社区",
        "28.245, 112.97,  社区治理, 月桥社区居委会, 月桥社区",
        "28.21,  112.96,  社区治理, 新苑社区居委会, 新苑社区",
        // street-level group: the street's unit
        "28.245, 112.93,  市容环卫, 湖滨街道城管执法中队, 荷风社区",
        "28.21,  112.96,  市容环卫, 新城街道城管执法中队, 新苑社区",
        // district-level group: the district's unit
        "28.2282, 112.9388, 市政设施, 明湖区市政设施管理处, 书香社区",
        "28.245, 112.97,  交通秩序, 清河区交警大队, 月桥社区",
    })
    void aPointGoesToTheUnitOfTheSmallestAreaThatHandlesItsGroup(double lat, double lng, String group, String unit,
            String community) {
        GridMap.Route route = GRID.route(lat, lng, group);
        assertThat(route.unit()).isEqualTo(unit);
        assertThat(route.communityName()).isEqualTo(community);
    }

    @Test
    void outsideTheGridOrWithAGroupNoAreaHandlesGoesToTheCityQueue() {
        assertThat(GRID.route(30.0, 120.0, "市容环卫").unit()).isEqualTo("市创城办");
        assertThat(GRID.route(30.0, 120.0, "市容环卫").communityName()).isNull();
        GridMap.Route unclaimed = GRID.route(28.245, 112.93, "综合");
        assertThat(unclaimed.unit()).isEqualTo("市创城办");
        assertThat(unclaimed.districtName()).isEqualTo("明湖区");
    }

    @Test
    void aTypedAddressRoutesByTheMostSpecificAreaItNames() {
        assertThat(GRID.route("荷风社区东门垃圾桶", "社区治理").unit()).isEqualTo("荷风社区居委会");
        assertThat(GRID.route("清河区人民路", "交通秩序").unit()).isEqualTo("清河区交警大队");
        assertThat(GRID.route("火车站广场", "交通秩序").unit()).isEqualTo("市创城办");
    }
}
