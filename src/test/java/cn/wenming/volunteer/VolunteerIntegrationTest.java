package cn.wenming.volunteer;

import cn.wenming.support.IntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;

/** The volunteering services and seeds the volunteer tests share, on the common test context. */
abstract class VolunteerIntegrationTest extends IntegrationTest {

    @Autowired
    protected Volunteers volunteers;

    @Autowired
    protected Activities activities;

    @Autowired
    protected SignUps signUps;

    @Autowired
    protected CheckIns checkIns;

    @Autowired
    protected CheckInCodes codes;

    protected VolunteerSeeds seeds;

    @BeforeEach
    void seeds() {
        seeds = new VolunteerSeeds(volunteers, activities);
    }
}
